import fc from 'fast-check';
import { AsleepWebhookSchema, asleepWebhookDedupeKey, parseAsleepWebhook } from '@sleep/contracts';
import {
  sampleInferenceComplete,
  sampleInferenceCompleteV2,
  sampleSessionComplete,
  sampleSessionCompleteV2,
  sampleUserId,
} from '@sleep/contracts/testing';
import { inspectWebhook } from './webhook-inspection';

const bytes = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('inspectWebhook', () => {
  it.each([
    [
      'V3',
      'INFERENCE_COMPLETE',
      sampleInferenceComplete,
      '20250310140000_k3m9x:INFERENCE_COMPLETE:12',
    ],
    [
      'V2',
      'INFERENCE_COMPLETE',
      sampleInferenceCompleteV2,
      '20250310140000_k3m9x:INFERENCE_COMPLETE:12',
    ],
    ['V3', 'SESSION_COMPLETE', sampleSessionComplete, '20250310140000_k3m9x:SESSION_COMPLETE'],
    ['V2', 'SESSION_COMPLETE', sampleSessionCompleteV2, '20250310140000_k3m9x:SESSION_COMPLETE'],
  ])(
    'accepts a %s %s with the contract dedupe key as event id',
    (_version, event, body, eventId) => {
      const inspection = inspectWebhook(bytes(body), sampleUserId);
      expect(inspection).toEqual({
        kind: 'valid',
        event,
        eventId,
        sessionId: '20250310140000_k3m9x',
      });
      expect(asleepWebhookDedupeKey(parseAsleepWebhook(body).data!)).toBe(eventId);
    },
  );

  it('takes the session id from a top-level session_id when session.id is absent', () => {
    const body = clone(sampleSessionComplete) as {
      data: { session: { id?: string }; session_id?: string };
    };
    delete body.data.session.id;
    body.data.session_id = 'other_session';
    expect(inspectWebhook(bytes(body), sampleUserId)).toMatchObject({
      kind: 'valid',
      eventId: 'other_session:SESSION_COMPLETE',
    });
  });

  it.each(['', '{', '{"event":', 'null x', '\ufeff{}', '{"a":1}}'])(
    'calls %j malformed',
    (text) => {
      expect(inspectWebhook(bytes(text), sampleUserId)).toEqual({ kind: 'malformed-json' });
    },
  );

  it('refuses a body whose user differs from x-user-id, in V3 and V2 form', () => {
    expect(inspectWebhook(bytes(sampleInferenceComplete), 'G-someone-else')).toEqual({
      kind: 'user-mismatch',
    });
    expect(inspectWebhook(bytes(sampleSessionCompleteV2), 'G-someone-else')).toEqual({
      kind: 'user-mismatch',
    });
  });

  it('refuses a V2 body that names its user inside sleep_data only, for another user', () => {
    const body = clone(sampleSessionCompleteV2) as {
      callback_data: { user_id?: string; sleep_data: Record<string, unknown> };
    };
    delete body.callback_data.user_id;
    body.callback_data.sleep_data['user_id'] = 'G-someone-else';
    expect(inspectWebhook(bytes(body), sampleUserId)).toEqual({ kind: 'user-mismatch' });
    body.callback_data.sleep_data['user_id'] = sampleUserId;
    expect(inspectWebhook(bytes(body), sampleUserId)).toMatchObject({ kind: 'valid' });
  });

  it('dead-letters an unknown event type with the session it names', () => {
    const body = { ...clone(sampleInferenceComplete), event: 'SESSION_DELETED' };
    expect(inspectWebhook(bytes(body), sampleUserId)).toMatchObject({
      kind: 'invalid',
      reason: 'unknown-event',
      sessionId: '20250310140000_k3m9x',
      issues: [{ path: 'event' }],
    });
  });

  it.each([
    ['a stage out of range', (b: any) => (b.data.sleep_stages[3] = 7), 'data.sleep_stages.3'],
    ['a missing session id', (b: any) => delete b.data.session_id, 'data.session_id'],
    [
      'a string sequence number',
      (b: any) => (b.data.inference_seq_num = '12'),
      'data.inference_seq_num',
    ],
    ['no user id at all', (b: any) => delete b.data.user_id, 'data.user_id'],
  ])('dead-letters a body with %s, saying where', (_name, mutate, path) => {
    const body = clone(sampleInferenceComplete);
    mutate(body);
    const inspection = inspectWebhook(bytes(body), sampleUserId);
    expect(inspection).toMatchObject({
      kind: 'invalid',
      reason: 'schema-mismatch',
      event: 'INFERENCE_COMPLETE',
    });
    expect(inspection.kind === 'invalid' && inspection.issues.map((issue) => issue.path)).toContain(
      path,
    );
  });

  it.each([['[]'], ['42'], ['"text"'], ['null'], ['{}']])(
    'dead-letters the well-formed non-webhook %s',
    (text) => {
      expect(inspectWebhook(bytes(text), sampleUserId)).toMatchObject({
        kind: 'invalid',
        reason: 'unknown-event',
      });
    },
  );

  it('agrees with the interpreted contract schema on arbitrary mutations of real bodies', () => {
    const samples = [
      sampleInferenceComplete,
      sampleSessionComplete,
      sampleInferenceCompleteV2,
      sampleSessionCompleteV2,
    ];
    const paths = samples.map((sample) => leafPaths(sample));
    const junk = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.double(),
      fc.string({ maxLength: 70 }),
      fc.constant(null),
      fc.boolean(),
      fc.constant([]),
      fc.constant({}),
    );
    fc.assert(
      fc.property(
        fc.nat(samples.length - 1),
        fc.array(fc.tuple(fc.nat(), junk, fc.boolean()), { maxLength: 3 }),
        (which, edits) => {
          const body = clone(samples[which]);
          // Cloned: fc.constant hands out one instance, which two edits could nest into itself.
          for (const [index, value, remove] of edits)
            setPath(body, paths[which][index % paths[which].length], clone(value), remove);
          const expected = AsleepWebhookSchema.safeParse(body).success;
          const inspection = inspectWebhook(bytes(body), sampleUserId);
          if (inspection.kind === 'user-mismatch') return;
          expect(inspection.kind === 'valid').toBe(expected);
        },
      ),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 500) },
    );
  });
  it('agrees with the contract schema on stage arrays of any length and values, however spaced', () => {
    const stages = fc.oneof(
      fc.array(fc.integer({ min: -3, max: 5 }), { maxLength: 40 }),
      fc
        .tuple(fc.integer({ min: 3595, max: 3605 }), fc.integer({ min: -2, max: 4 }))
        .map(([length, value]) => Array<number>(length).fill(value)),
      fc.constant(null),
    );
    const samples = [sampleInferenceComplete, sampleSessionComplete, sampleSessionCompleteV2];
    fc.assert(
      fc.property(
        fc.nat(samples.length - 1),
        fc.tuple(stages, stages, stages),
        fc.constantFrom(undefined, 1),
        (which, [sleep, breath, snoring], space) => {
          const body = clone(samples[which]) as any;
          const data = body.data ?? body.callback_data.sleep_data;
          const holder = data.session ?? data;
          Object.assign(holder, {
            sleep_stages: sleep,
            breath_stages: breath,
            snoring_stages: snoring,
          });
          const expected = parseAsleepWebhook(body);
          const inspection = inspectWebhook(bytes(JSON.stringify(body, null, space)), sampleUserId);
          expect(inspection.kind).toBe(expected.success ? 'valid' : 'invalid');
          if (expected.success)
            expect(inspection).toMatchObject({ eventId: asleepWebhookDedupeKey(expected.data) });
        },
      ),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 300) },
    );
  });
});

function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => leafPaths(item, [...prefix, key]))];
}

function setPath(target: any, path: (string | number)[], value: unknown, remove: boolean): void {
  if (path.length === 0) return;
  const parent = path.slice(0, -1).reduce((node, key) => (node == null ? node : node[key]), target);
  if (parent == null || typeof parent !== 'object') return;
  if (remove && !Array.isArray(parent)) delete parent[path[path.length - 1]];
  else parent[path[path.length - 1]] = value;
}
