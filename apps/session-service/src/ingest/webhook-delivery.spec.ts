import { WebhookReceivedSchema } from '@sleep/contracts';
import {
  sampleInferenceComplete,
  sampleInferenceCompleteV2,
  sampleSessionComplete,
  sampleUserId,
} from '@sleep/contracts/testing';
import { deliveryFromWebhook } from './webhook-delivery';

const message = (payload: unknown, key = sampleUserId) =>
  WebhookReceivedSchema.parse({
    eventId: 'e',
    type: 'asleep.webhook.received',
    version: 1,
    occurredAt: '2025-03-10T15:05:10Z',
    tenantId: 'acme',
    key,
    payload: structuredClone(payload),
  });

describe('deliveryFromWebhook', () => {
  it('reads INFERENCE_COMPLETE as a window ending at seq_num (Asleep contract 9.1)', () => {
    expect(deliveryFromWebhook(message(sampleInferenceComplete))).toEqual({
      ok: true,
      delivery: expect.objectContaining({
        kind: 'window',
        k: 12,
        seqNum: 129,
        tenantId: 'acme',
        receivedAtMs: Date.parse('2025-03-10T15:05:10Z'),
      }),
    });
  });

  it('reads the V2 form the same way, without snoring', () => {
    const parsed = deliveryFromWebhook(message(sampleInferenceCompleteV2));
    expect(parsed).toMatchObject({
      ok: true,
      delivery: { kind: 'window', k: 12, snoringStages: null },
    });
  });

  it('reads SESSION_COMPLETE as final, without user_id', () => {
    const parsed = deliveryFromWebhook(message(sampleSessionComplete));
    expect(parsed).toMatchObject({
      ok: true,
      delivery: { kind: 'final', sessionId: '20250310140000_k3m9x' },
    });
    const keys =
      parsed.ok && parsed.delivery.kind === 'final' ? Object.keys(parsed.delivery.data).sort() : [];
    expect(keys).toEqual(['missing_data_ratio', 'peculiarities', 'session', 'stat', 'timezone']);
  });

  it('rejects what no retry can fix, with a reason', () => {
    const early = structuredClone(sampleInferenceComplete) as { data: { seq_num: number } };
    early.data.seq_num = 5;
    expect(deliveryFromWebhook(message(early))).toMatchObject({
      ok: false,
      reason: 'window-before-start',
    });
    const uneven = structuredClone(sampleInferenceComplete) as {
      data: { snoring_stages: number[] };
    };
    uneven.data.snoring_stages.pop();
    expect(deliveryFromWebhook(message(uneven))).toMatchObject({
      ok: false,
      reason: 'inconsistent-window',
    });
    expect(deliveryFromWebhook(message(sampleInferenceComplete, 'G-someone-else'))).toMatchObject({
      ok: false,
      reason: 'user-mismatch',
    });
  });
});
