import { envelopeSchema } from '@sleep/contracts';
import { readAll, uniqueGroupId, uniqueTopics, withBroker, type TestBroker } from '@sleep/testkit';
import type { Admin, Kafka } from 'kafkajs';
import { z } from 'zod';
import { BatchingProducer } from './batching-producer';
import { ConsumerHost } from './consumer-host';
import { ensureTopics } from './ensure-topics';
import { createKafka } from './kafka-client';

jest.setTimeout(60_000);

const NightSchema = envelopeSchema('night.recorded', z.object({ minutes: z.number().int() }));

const night = (minutes: number) =>
  JSON.stringify({
    eventId: `night-${minutes}`,
    type: 'night.recorded',
    version: 1,
    occurredAt: '2024-05-01T06:30:00.000Z',
    tenantId: 'tenant-1',
    key: 'user-1',
    payload: { minutes },
  });

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('ConsumerHost against a real broker', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: BatchingProducer;

  beforeAll(async () => {
    broker = await withBroker({ port: 29192, controllerPort: 29193 });
    kafka = createKafka({ brokers: broker.brokers, clientId: 'host-spec', logLevel: 'silent' });
    admin = kafka.admin();
    await admin.connect();
    producer = new BatchingProducer(kafka);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await broker?.stop();
  });

  it('is unhealthy while the handler fails, commits and dead-letters nothing, then recovers', async () => {
    const { topic, dlq } = uniqueTopics('host-outage', 1);
    await ensureTopics(admin, [topic, dlq]);
    await producer.publish(topic.name, [{ key: 'user-1', value: night(1) }]);
    const groupId = uniqueGroupId('host-outage');
    let databaseUp = false;
    const handled: number[] = [];
    let attempts = 0;
    const host = new ConsumerHost({
      kafka,
      groupId,
      topic,
      schema: NightSchema,
      dlq: producer,
      retryBackoffMs: { initial: 100, max: 200 },
      handleBatch: async (messages) => {
        attempts++;
        if (!databaseUp) throw new Error('database unavailable');
        handled.push(...messages.map((m) => m.value.payload.minutes));
      },
    });
    expect(host.status()).toEqual({ ready: false, healthy: false, failingPartitions: [] });
    host.start();
    try {
      await until(() => attempts >= 2);
      expect(host.ready).toBe(true);
      expect(host.healthy).toBe(false);
      expect(host.status().failingPartitions).toEqual([0]);
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
      expect(offsets.partitions.map((p) => p.offset)).toEqual(['-1']);

      databaseUp = true;
      await until(() => handled.length === 1);
      await until(() => host.healthy);
      expect(handled).toEqual([1]);
    } finally {
      await host.stop();
    }
    expect(await readAll(kafka, dlq.name)).toEqual([]);
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
    expect(offsets.partitions.map((p) => p.offset)).toEqual(['1']);
  });
});
