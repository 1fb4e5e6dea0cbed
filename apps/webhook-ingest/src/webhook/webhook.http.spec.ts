import { DeadLetterSchema, WebhookReceivedSchema } from '@sleep/contracts';
import {
  sampleInferenceComplete,
  sampleInferenceCompleteV2,
  sampleSessionComplete,
  sampleSessionCompleteV2,
  sampleUserId,
} from '@sleep/contracts/testing';
import { parsePrometheusText } from '@sleep/observability/testing';
import {
  KEY_ACME,
  KEY_ACME_NEXT,
  KEY_GLOBEX,
  startIngest,
  type IngestFixture,
} from '../testing/ingest-fixture';

jest.setTimeout(60_000);

const json = (value: unknown) => JSON.stringify(value);
const headers = (apiKey: string | undefined, extra: Record<string, string | undefined> = {}) => ({
  'content-type': 'application/json',
  'x-api-key': apiKey,
  'x-user-id': sampleUserId,
  ...extra,
});

describe('POST /v1/webhooks/asleep against a real broker', () => {
  let ingest: IngestFixture;
  let requests = 0;
  const post = (...args: Parameters<IngestFixture['post']>) => {
    requests += 1;
    return ingest.post(...args);
  };

  beforeAll(async () => {
    ingest = await startIngest({ ingest: { bodyLimitBytes: 64 * 1024 } });
  });
  afterAll(() => ingest?.close());

  it('makes V3 and V2 deliveries durable on the topic, keyed by user, in the envelope, bytes untouched', async () => {
    const pretty = JSON.stringify(sampleSessionComplete, null, 2);
    const sent = [
      {
        body: json(sampleInferenceComplete),
        key: KEY_ACME,
        tenant: 'acme',
        eventId: '20250310140000_k3m9x:INFERENCE_COMPLETE:12',
      },
      {
        body: pretty,
        key: KEY_ACME_NEXT,
        tenant: 'acme',
        eventId: '20250310140000_k3m9x:SESSION_COMPLETE',
      },
      {
        body: json(sampleInferenceCompleteV2),
        key: KEY_GLOBEX,
        tenant: 'globex',
        eventId: '20250310140000_k3m9x:INFERENCE_COMPLETE:12',
      },
      {
        body: json(sampleSessionCompleteV2),
        key: KEY_GLOBEX,
        tenant: 'globex',
        eventId: '20250310140000_k3m9x:SESSION_COMPLETE',
      },
    ];
    for (const { body, key, eventId } of sent) {
      const response = await post(
        body,
        headers(key, { 'content-type': 'application/json; charset=utf-8' }),
      );
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ status: 'accepted', eventId });
    }
    const messages = await ingest.read(ingest.topics.topic, sent.length);
    expect(messages).toHaveLength(sent.length);
    expect(new Set(messages.map((m) => m.partition)).size).toBe(1);
    messages.forEach((message, index) => {
      expect(message.key).toBe(sampleUserId);
      const envelope = WebhookReceivedSchema.parse(JSON.parse(message.value!));
      expect(envelope).toMatchObject({
        eventId: sent[index].eventId,
        tenantId: sent[index].tenant,
        key: sampleUserId,
        version: 1,
      });
      expect(Date.now() - Date.parse(envelope.occurredAt)).toBeLessThan(60_000);
      expect(message.value!.slice(message.value!.indexOf('"payload":') + 10, -1)).toBe(
        sent[index].body,
      );
    });
  });

  const refusals: [string, () => Promise<{ status: number; body: string }>, number, string][] = [
    [
      'no x-api-key',
      () => post(json(sampleInferenceComplete), headers(undefined)),
      401,
      'unauthorized',
    ],
    [
      'a wrong key',
      () => post(json(sampleInferenceComplete), headers('sk-acme-ingest-spec-0123456780')),
      401,
      'unauthorized',
    ],
    [
      'a wrong key with a huge body',
      () => post('x'.repeat(100_000), headers('nope')),
      401,
      'unauthorized',
    ],
    [
      'a wrong key and wrong media type',
      () => post('{}', headers('nope', { 'content-type': 'text/plain' })),
      401,
      'unauthorized',
    ],
    [
      'malformed JSON',
      () => post('{"event": "SESSION_COMPLETE", ', headers(KEY_ACME)),
      400,
      'malformed-json',
    ],
    ['an empty body', () => post('', headers(KEY_ACME)), 400, 'malformed-json'],
    [
      'no x-user-id',
      () => post(json(sampleInferenceComplete), headers(KEY_ACME, { 'x-user-id': undefined })),
      400,
      'missing-user-id',
    ],
    [
      'another user in the body',
      () => post(json(sampleInferenceComplete), headers(KEY_ACME, { 'x-user-id': 'G-other' })),
      400,
      'user-id-mismatch',
    ],
    [
      'a body over the limit',
      () => post(json({ ...sampleInferenceComplete, pad: 'x'.repeat(70_000) }), headers(KEY_ACME)),
      413,
      'payload-too-large',
    ],
    [
      'text/plain',
      () =>
        post(json(sampleInferenceComplete), headers(KEY_ACME, { 'content-type': 'text/plain' })),
      415,
      'unsupported-media-type',
    ],
    [
      'no content type',
      () => post(json(sampleInferenceComplete), headers(KEY_ACME, { 'content-type': undefined })),
      415,
      'unsupported-media-type',
    ],
  ];

  it.each(refusals)(
    'answers %s with its status and a small JSON error, echoing nothing',
    async (_name, send, status, error) => {
      const response = await send();
      expect(response.status).toBe(status);
      expect(JSON.parse(response.body)).toEqual({ error });
      expect(response.body).not.toMatch(/sk-|G-2025|at .*\.ts/);
    },
  );

  it('sends authentic bodies that cannot be valid to the DLQ with the reason, answering 2xx', async () => {
    const unknown = json({ ...sampleInferenceComplete, event: 'SESSION_DELETED' });
    const invalid = json({
      ...sampleInferenceComplete,
      data: { ...sampleInferenceComplete.data, sleep_stages: [1, 9] },
    });
    expect(await post(unknown, headers(KEY_GLOBEX))).toMatchObject({
      status: 200,
      body: '{"status":"dead-lettered","reason":"unknown-event"}',
    });
    expect(await post(invalid, headers(KEY_ACME))).toMatchObject({
      status: 200,
      body: '{"status":"dead-lettered","reason":"schema-mismatch"}',
    });

    const letters = await ingest.read(ingest.topics.dlq, 2);
    const parsed = letters.map((m) => DeadLetterSchema.parse(JSON.parse(m.value!)));
    expect(parsed[0]).toMatchObject({
      reason: 'unknown-event',
      tenantId: 'globex',
      key: sampleUserId,
      raw: unknown,
    });
    expect(parsed[1]).toMatchObject({
      reason: 'schema-mismatch',
      tenantId: 'acme',
      raw: invalid,
      issues: [{ path: 'data.sleep_stages.1' }],
    });
    expect(letters.map((m) => m.headers['x-dlq-reason'])).toEqual([
      'unknown-event',
      'schema-mismatch',
    ]);
  });

  it('let nothing but the accepted deliveries reach the main topic', async () => {
    expect(await ingest.read(ingest.topics.topic)).toHaveLength(4);
  });

  it('logs one line per attempt with tenant, user, session, event, outcome and latency, never the key', async () => {
    const lines = ingest.logs.filter((line) => line['msg'] === 'webhook');
    expect(lines).toHaveLength(requests);
    expect(lines[0]).toMatchObject({
      tenant: 'acme',
      user: sampleUserId,
      session: '20250310140000_k3m9x',
      event: 'INFERENCE_COMPLETE',
      eventId: '20250310140000_k3m9x:INFERENCE_COMPLETE:12',
      outcome: 'accepted',
      status: 200,
      ms: expect.any(Number),
    });
    expect(lines.filter((line) => line['status'] === 401)).toHaveLength(4);
    expect(JSON.stringify(ingest.logs)).not.toMatch(/sk-(acme|globex)-ingest|"nope"/);
  });

  it('counts webhooks by event and outcome, dead letters by reason, and reports the spool', async () => {
    const families = parsePrometheusText((await ingest.get('/metrics')).body);
    const samples = (name: string) =>
      families.find((family) => family.name === name)?.metrics ?? [];
    const count = (labels: Record<string, string>) =>
      samples('webhook_requests_total').find((m) =>
        Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
      )?.value;
    expect(count({ event: 'SESSION_COMPLETE', outcome: 'accepted' })).toBe('2');
    expect(count({ event: 'unknown', outcome: 'unauthorized' })).toBe('4');
    expect(count({ outcome: 'too-large' })).toBe('1');
    expect(
      samples('webhook_dead_letters_total').map((m) => [m.labels?.['reason'], m.value]),
    ).toEqual(
      expect.arrayContaining([
        ['unknown-event', '1'],
        ['schema-mismatch', '1'],
      ]),
    );
    expect(samples('webhook_spool_records')[0]?.value).toBe('0');
    expect(families.map((family) => family.name)).toEqual(
      expect.arrayContaining([
        'webhook_request_duration_seconds',
        'webhook_spool_bytes',
        'kafka_produce_duration_seconds',
      ]),
    );
  });

  it('is ready with the broker up and the spool writable, and says so', async () => {
    const ready = await ingest.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body).details).toMatchObject({
      kafka: { status: 'up', broker: 'up', spooling: false },
      spool: { status: 'up', records: 0, writable: true, full: false },
    });
  });
});

describe('refused senders behind a trusted load balancer', () => {
  let ingest: IngestFixture;
  beforeAll(async () => {
    ingest = await startIngest({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
  });
  afterAll(() => ingest?.close());

  it('logs a few refusals a second with the client address the proxy forwarded, and counts all', async () => {
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const response = await ingest.post(
          json(sampleInferenceComplete),
          headers('sk-not-a-key', { 'x-forwarded-for': '203.0.113.7' }),
        );
        return response.status;
      }),
    );
    const seconds = Math.ceil((Date.now() - started) / 1000);
    expect(new Set(statuses)).toEqual(new Set([401]));
    const lines = ingest.logs.filter((line) => line['msg'] === 'webhook');
    expect(lines.length).toBeGreaterThan(0);
    // At most ten lines per second of the flood, whatever the machine's speed.
    expect(lines.length).toBeLessThanOrEqual(Math.min(99, 10 * (seconds + 1)));
    expect(new Set(lines.map((line) => line['ip']))).toEqual(new Set(['203.0.113.7']));
    const families = parsePrometheusText((await ingest.get('/metrics')).body);
    const refused = families
      .find((family) => family.name === 'webhook_requests_total')
      ?.metrics.find((m) => m.labels?.['outcome'] === 'unauthorized');
    expect(refused?.value).toBe('100');
  });
});
