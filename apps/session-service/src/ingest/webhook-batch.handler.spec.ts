import { WebhookReceivedSchema } from '@sleep/contracts';
import {
  sampleInferenceComplete,
  sampleSessionComplete,
  sampleUserId,
} from '@sleep/contracts/testing';
import type { BatchingProducer, ConsumedMessage, OutgoingMessage } from '@sleep/messaging';
import { Registry } from 'prom-client';
import type { Delivery } from '../domain/night';
import { SessionMetrics } from '../observability/session.metrics';
import { DEFAULT_TOPICS, type SessionSettings } from '../session-settings';
import type { DeliveryResult, SessionWriter } from '../store/session-writer';
import { silentLogger } from '../testing/store-fixture';
import { WebhookBatchHandler } from './webhook-batch.handler';

const settings = { topics: DEFAULT_TOPICS } as SessionSettings;

function consumed(
  payload: unknown,
  offset: number,
): ConsumedMessage<ReturnType<typeof WebhookReceivedSchema.parse>> {
  const value = WebhookReceivedSchema.parse({
    eventId: `e${offset}`,
    type: 'asleep.webhook.received',
    version: 1,
    occurredAt: '2025-03-10T15:05:10Z',
    tenantId: 'acme',
    key: sampleUserId,
    payload: structuredClone(payload),
  });
  const raw = Buffer.from(JSON.stringify(value));
  return {
    topic: DEFAULT_TOPICS.webhooks.name,
    partition: 0,
    offset: String(offset),
    key: sampleUserId,
    value,
    headers: {},
    timestamp: String(Date.now()),
    raw,
  };
}

function setup(apply: (deliveries: readonly Delivery[]) => Promise<DeliveryResult[]>) {
  const dead: OutgoingMessage[] = [];
  const producer = {
    publish: async (_topic: string, messages: OutgoingMessage[]) => void dead.push(...messages),
  };
  const registry = new Registry();
  const handler = new WebhookBatchHandler(
    { apply } as unknown as SessionWriter,
    producer as unknown as BatchingProducer,
    new SessionMetrics(registry),
    settings,
    silentLogger,
  );
  return { handler, dead, registry };
}

const early = structuredClone(sampleInferenceComplete) as { data: { seq_num: number } };
early.data.seq_num = 3;

describe('WebhookBatchHandler', () => {
  it('lets a transient failure (database down) fail the whole batch, so nothing is committed or skipped', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const { handler, dead } = setup(async () => {
      throw down;
    });
    await expect(
      handler.handle([consumed(sampleInferenceComplete, 1), consumed(sampleSessionComplete, 2)]),
    ).rejects.toBe(down);
    expect(dead).toEqual([]);
  });

  it('finds the message no retry can store, dead-letters it and stores the others', async () => {
    const applied: Delivery[] = [];
    const { handler, dead } = setup(async (deliveries) => {
      if (deliveries.some((d) => d.kind === 'final'))
        throw Object.assign(new Error('value too long'), { code: '22001' });
      applied.push(...deliveries);
      return deliveries.map(() => ({ outcome: 'changed' as const }));
    });
    await handler.handle([
      consumed(sampleInferenceComplete, 1),
      consumed(sampleSessionComplete, 2),
      consumed(early, 3),
    ]);
    expect(applied.map((d) => d.kind)).toEqual(['window']);
    expect(dead.map((m) => m.headers?.['x-dlq-reason']).sort()).toEqual([
      'processing-failed',
      'window-before-start',
    ]);
    const letter = JSON.parse(
      String(dead.find((m) => m.headers?.['x-dlq-reason'] === 'processing-failed')?.value),
    );
    expect(letter).toMatchObject({
      reason: 'processing-failed',
      tenantId: 'acme',
      key: sampleUserId,
      issues: [{ message: 'value too long' }],
    });
    expect(JSON.parse(letter.raw).eventId).toBe('e2');
  });

  it('dead-letters a webhook for a user of another tenant, and counts every outcome', async () => {
    const { handler, dead, registry } = setup(async (deliveries) =>
      deliveries.map((_, i) => ({
        outcome: i === 0 ? ('tenant-mismatch' as const) : ('duplicate' as const),
      })),
    );
    const observed: number[][] = [];
    handler.onCommitted((timestamps) => observed.push([...timestamps]));
    await handler.handle([
      consumed(sampleInferenceComplete, 1),
      consumed(sampleInferenceComplete, 2),
    ]);
    expect(dead.map((m) => m.headers?.['x-dlq-reason'])).toEqual(['tenant-mismatch']);
    expect(observed).toHaveLength(1);
    const counted = await registry.getSingleMetricAsString('session_webhooks_total');
    expect(counted).toContain('outcome="tenant-mismatch"} 1');
    expect(counted).toContain('outcome="duplicate"} 1');
  });

  it('applies the batches of partitions handled at the same time in one transaction, each answered with its own results', async () => {
    const calls: string[][] = [];
    const { handler, dead, registry } = setup(async (deliveries) => {
      calls.push(deliveries.map((d) => d.kind));
      return deliveries.map((d) => ({
        outcome: d.kind === 'final' ? ('tenant-mismatch' as const) : ('changed' as const),
      }));
    });
    await Promise.all([
      handler.handle([consumed(sampleInferenceComplete, 1), consumed(sampleSessionComplete, 2)]),
      handler.handle([consumed(sampleInferenceComplete, 3)]),
    ]);
    expect(calls).toEqual([['window', 'final', 'window']]);
    expect(
      dead.map((m) => JSON.parse(String(m.value)).raw).map((raw) => JSON.parse(raw).eventId),
    ).toEqual(['e2']);
    const counted = await registry.getSingleMetricAsString('session_webhooks_total');
    expect(counted).toContain('outcome="changed"} 2');
  });

  it('when a shared transaction fails for good, each batch finds its own culprit alone', async () => {
    const applied: string[] = [];
    const { handler, dead } = setup(async (deliveries) => {
      if (deliveries.some((d) => d.kind === 'final'))
        throw Object.assign(new Error('value too long'), { code: '22001' });
      applied.push(...deliveries.map((d) => d.kind));
      return deliveries.map(() => ({ outcome: 'changed' as const }));
    });
    await Promise.all([
      handler.handle([consumed(sampleSessionComplete, 1)]),
      handler.handle([consumed(sampleInferenceComplete, 2)]),
    ]);
    expect(applied).toEqual(['window']);
    expect(dead.map((m) => m.headers?.['x-dlq-reason'])).toEqual(['processing-failed']);
  });
});
