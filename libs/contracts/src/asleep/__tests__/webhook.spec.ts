import {
  AsleepWebhookV3Schema,
  MAX_SESSION_EPOCHS,
  asleepWebhookDedupeKey,
  normaliseAsleepWebhookBody,
  parseAsleepWebhook,
} from '..';
import {
  sampleGetSessionSeoul,
  sampleInferenceComplete,
  sampleInferenceCompleteV2,
  sampleSessionComplete,
  sampleSessionCompleteV2,
  sampleSessionId,
} from '../fixtures';
import { REMOVE, issuePaths, report, variant } from './helpers';

function parsed(body: unknown) {
  const result = parseAsleepWebhook(body);
  if (!result.success) throw new Error(report(result));
  return result.data;
}

describe('V3 samples (Asleep contract 9.1, 9.2)', () => {
  it('INFERENCE_COMPLETE parses unchanged', () => {
    expect(parsed(sampleInferenceComplete)).toEqual(sampleInferenceComplete);
  });

  it('SESSION_COMPLETE parses unchanged and is the Get-Session result plus user_id', () => {
    const webhook = parsed(sampleSessionComplete);
    expect(webhook).toEqual(sampleSessionComplete);
    if (webhook.event !== 'SESSION_COMPLETE') throw new Error('wrong event');
    expect(webhook.data.session.sleep_stages).toEqual(
      sampleGetSessionSeoul.result.session.sleep_stages,
    );
    expect(Date.parse(webhook.data.session.start_time)).toBe(
      Date.parse(sampleGetSessionSeoul.result.session.start_time),
    );
  });

  it('dedupe keys follow Asleep contract 5.4 and 5.5', () => {
    expect(asleepWebhookDedupeKey(parsed(sampleInferenceComplete))).toBe(
      `${sampleSessionId}:INFERENCE_COMPLETE:12`,
    );
    expect(asleepWebhookDedupeKey(parsed(sampleSessionComplete))).toBe(
      `${sampleSessionId}:SESSION_COMPLETE`,
    );
  });
});

describe('legacy V2 bodies (Asleep contract 5.3)', () => {
  it('INFERENCE_COMPLETE normalises to the V3 shape', () => {
    expect(parsed(sampleInferenceCompleteV2)).toEqual({
      ...sampleInferenceComplete,
      version: 'V2',
      data: { ...sampleInferenceComplete.data, snoring_stages: null },
    });
  });

  it('SESSION_COMPLETE normalises to the V3 shape', () => {
    expect(parsed(sampleSessionCompleteV2)).toEqual({ ...sampleSessionComplete, version: 'V2' });
  });

  it('a V3 version with V2 key names (the EN field table) parses too', () => {
    const { callback_event, callback_data } = sampleInferenceCompleteV2;
    expect(parsed({ callback_event, callback_version: 'V3', callback_data }).version).toBe('V3');
  });

  it('does not mutate the received body', () => {
    const body = structuredClone(sampleSessionCompleteV2);
    normaliseAsleepWebhookBody(body);
    expect(body).toEqual(sampleSessionCompleteV2);
  });

  it('the plain V3 schema does not accept V2 keys', () => {
    expect(AsleepWebhookV3Schema.safeParse(sampleInferenceCompleteV2).success).toBe(false);
  });
});

describe('SESSION_COMPLETE session id', () => {
  it('falls back to data.session_id', () => {
    const body = variant(
      variant(sampleSessionComplete, 'data.session.id', REMOVE),
      'data.session_id',
      'S-1',
    );
    const webhook = parsed(body);
    expect(webhook.event === 'SESSION_COMPLETE' && webhook.data.session.id).toBe('S-1');
  });

  it('is required in one of the two places', () => {
    const body = variant(sampleSessionComplete, 'data.session.id', REMOVE);
    expect(issuePaths(parseAsleepWebhook(body))).toEqual(['data.session.id']);
  });

  it('rejects two different ids', () => {
    const body = variant(sampleSessionComplete, 'data.session_id', 'other');
    expect(issuePaths(parseAsleepWebhook(body))).toEqual(['data.session_id']);
  });
});

describe('hostile bodies', () => {
  it.each<[string, unknown, string, unknown]>([
    ['unknown event', sampleInferenceComplete, 'event', 'SESSION_STARTED'],
    ['no event', sampleSessionComplete, 'event', REMOVE],
    ['missing user_id', sampleInferenceComplete, 'data.user_id', REMOVE],
    ['numeric user_id', sampleSessionComplete, 'data.user_id', 42],
    ['missing session_id', sampleInferenceComplete, 'data.session_id', REMOVE],
    ['stage 4', sampleInferenceComplete, 'data.sleep_stages.2', 4],
    ['stage -2', sampleSessionComplete, 'data.session.sleep_stages.100', -2],
    ['stage 1.5', sampleSessionComplete, 'data.session.sleep_stages.3', 1.5],
    ['snoring 2', sampleInferenceComplete, 'data.snoring_stages.0', 2],
    ['negative seq_num', sampleInferenceComplete, 'data.seq_num', -1],
    ['fractional window', sampleInferenceComplete, 'data.inference_seq_num', 12.5],
    ['NaN seq_num', sampleInferenceComplete, 'data.seq_num', Number.NaN],
    ['numeric string', sampleInferenceComplete, 'data.seq_num', '129'],
    ['state enum', sampleSessionComplete, 'data.session.state', 'complete'],
    ['stat ratio', sampleSessionComplete, 'data.stat.sleep_ratio', Number.NaN],
    ['no offset', sampleSessionComplete, 'data.session.end_time', '2025-03-10T16:01:00'],
    ['data not an object', sampleSessionComplete, 'data', 'oops'],
  ])('rejects %s at its path', (_name, sample, path, value) => {
    const result = parseAsleepWebhook(variant(sample, path, value));
    expect(issuePaths(result)).toEqual([path]);
    expect(report(result)).toContain(`at ${path.replace(/\.(\d+)/g, '[$1]')}`);
  });

  it('names V2 failures by their V3 path', () => {
    const body = variant(sampleInferenceCompleteV2, 'callback_data.stage_list.1', 9);
    expect(issuePaths(parseAsleepWebhook(body))).toEqual(['data.sleep_stages.1']);
  });

  it('rejects extra-large stage arrays', () => {
    const huge = new Array(MAX_SESSION_EPOCHS + 1).fill(1);
    expect(
      issuePaths(parseAsleepWebhook(variant(sampleInferenceComplete, 'data.sleep_stages', huge))),
    ).toEqual(['data.sleep_stages']);
    const body = variant(sampleSessionComplete, 'data.session.snoring_stages', huge);
    expect(issuePaths(parseAsleepWebhook(body))).toEqual(['data.session.snoring_stages']);
  });

  it.each([null, undefined, 'SESSION_COMPLETE', [], 42])('rejects a %j body', (body) => {
    expect(parseAsleepWebhook(body).success).toBe(false);
  });
});
