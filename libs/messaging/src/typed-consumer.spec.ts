import { DeadLetterSchema, envelopeSchema } from '@sleep/contracts';
import type { Admin, Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { BatchingProducer } from './batching-producer';
import { consumerGroupLag } from './consumer-lag';
import { ensureTopics } from './ensure-topics';
import { createKafka } from './kafka-client';
import { readAll, uniqueGroupId, uniqueTopics, withBroker, type TestBroker } from '@sleep/testkit';
import { runConsumer, type ConsumedMessage } from './typed-consumer';

jest.setTimeout(60_000);

const NightSchema = envelopeSchema('night.recorded', z.object({ minutes: z.number().int() }));
type Night = z.infer<typeof NightSchema>;

const night = (key: string, minutes: number): Night => ({
  eventId: `${key}-${minutes}`,
  type: 'night.recorded',
  version: 1,
  occurredAt: '2024-05-01T06:30:00.000Z',
  tenantId: 'tenant-1',
  key,
  payload: { minutes },
});

async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('TypedConsumer against a real broker', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: BatchingProducer;

  beforeAll(async () => {
    broker = await withBroker({ port: 29192, controllerPort: 29193 });
    kafka = createKafka({ brokers: broker.brokers, clientId: 'consumer-spec', logLevel: 'silent' });
    admin = kafka.admin();
    await admin.connect();
    producer = new BatchingProducer(kafka);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await broker?.stop();
  });

  async function committed(groupId: string, topic: string): Promise<string[]> {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets.partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset);
  }

  it('hands valid messages to the handler and dead-letters bad JSON and schema failures', async () => {
    const { topic, dlq } = uniqueTopics('consumer-dlq', 3);
    await ensureTopics(admin, [topic, dlq]);
    await producer.publish(topic.name, [
      ...[1, 2, 3].map((n) => ({ key: 'user-1', value: JSON.stringify(night('user-1', n)) })),
      { key: 'user-2', value: '{"not json' },
      {
        key: 'user-3',
        value: JSON.stringify({ ...night('user-3', 1), payload: { minutes: 'many' } }),
      },
      { key: 'user-4', value: JSON.stringify(night('user-4', 7)) },
    ]);

    const handled: ConsumedMessage<Night>[] = [];
    const groupId = uniqueGroupId('dlq');
    const consumer = await runConsumer({
      kafka,
      groupId,
      topic,
      schema: NightSchema,
      dlq: producer,
      handleBatch: async (messages) => void handled.push(...messages),
    });
    await until(() => handled.length === 4);
    const dead = await readAll(kafka, dlq.name, { expected: 2 });
    await consumer.stop();

    expect(handled.filter((m) => m.key === 'user-1').map((m) => m.value.payload.minutes)).toEqual([
      1, 2, 3,
    ]);
    expect(handled.find((m) => m.key === 'user-4')?.value).toEqual(night('user-4', 7));
    const letters = dead.map((m) => DeadLetterSchema.parse(JSON.parse(m.value!)));
    const byKey = Object.fromEntries(letters.map((letter) => [letter.key, letter]));
    expect(byKey['user-2']).toMatchObject({
      reason: 'invalid-json',
      raw: '{"not json',
      sourceTopic: topic.name,
    });
    expect(byKey['user-3']).toMatchObject({ reason: 'schema-mismatch', tenantId: 'tenant-1' });
    expect(byKey['user-3'].issues).toEqual([
      { path: 'payload.minutes', message: expect.any(String) },
    ]);
    expect(dead.every((m) => m.headers['x-source-topic'] === topic.name)).toBe(true);
    // Every offset, including the dead-lettered ones, is committed once handled.
    const ends = (await admin.fetchTopicOffsets(topic.name)).sort(
      (a, b) => a.partition - b.partition,
    );
    expect(await committed(groupId, topic.name)).toEqual(
      ends.map((p) => (p.offset === '0' ? '-1' : p.offset)),
    );
  });

  it('passes over unread the messages its `wanted` look refuses, even invalid ones', async () => {
    const { topic, dlq } = uniqueTopics('consumer-wanted', 1);
    await ensureTopics(admin, [topic, dlq]);
    await producer.publish(topic.name, [
      { key: 'user-1', value: JSON.stringify(night('user-1', 1)) },
      { key: 'user-2', value: '{"not json, and not wanted' },
      { key: 'user-3', value: JSON.stringify(night('user-3', 777)) },
      { key: 'user-4', value: '{"not json, wanted: 777' },
    ]);
    const handled: ConsumedMessage<Night>[] = [];
    const registry = new Registry();
    const consumer = await runConsumer({
      kafka,
      groupId: uniqueGroupId('wanted'),
      topic,
      schema: NightSchema,
      dlq: producer,
      wanted: (value) => value.includes('777'),
      registry,
      handleBatch: async (messages) => void handled.push(...messages),
    });
    const dead = await readAll(kafka, dlq.name, { expected: 1 });
    await until(() => handled.length === 1);
    await consumer.stop();
    expect(handled.map((m) => m.key)).toEqual(['user-3']);
    expect(dead.map((m) => m.key)).toEqual(['user-4']);
    // Passed over, but consumed all the same: what counts the group's progress sees all four.
    const consumed = await registry.getSingleMetric('kafka_consumed_messages_total')?.get();
    const outcomes = Object.fromEntries(
      (consumed?.values ?? []).map(({ labels, value }) => [labels['outcome'], value]),
    );
    expect(outcomes).toEqual({ handled: 1, 'dead-lettered': 1, skipped: 2 });
  });

  it('commits nothing for a group of one replica alone, and still reads every message', async () => {
    const { topic } = uniqueTopics('consumer-replica', 3);
    await ensureTopics(admin, [topic]);
    await producer.publish(
      topic.name,
      [1, 2, 3, 4].map((n) => ({ key: `user-${n}`, value: JSON.stringify(night(`user-${n}`, n)) })),
    );
    const handled: ConsumedMessage<Night>[] = [];
    const groupId = uniqueGroupId('replica');
    const consumer = await runConsumer({
      kafka,
      groupId,
      topic,
      schema: NightSchema,
      dlq: 'skip',
      commitOffsets: false,
      handleBatch: async (messages) => void handled.push(...messages),
    });
    await until(() => handled.length === 4);
    await consumer.stop();
    expect(await committed(groupId, topic.name)).toEqual(['-1', '-1', '-1']);
  });

  it('commits nothing while the handler fails, retries after a backoff, and redelivers after a restart', async () => {
    const { topic, dlq } = uniqueTopics('consumer-retry', 1);
    await ensureTopics(admin, [topic, dlq]);
    await producer.publish(topic.name, {
      key: 'user-1',
      value: JSON.stringify(night('user-1', 1)),
    });
    const groupId = uniqueGroupId('retry');

    const attempts: number[] = [];
    const failing = await runConsumer({
      kafka,
      groupId,
      topic,
      schema: NightSchema,
      dlq: producer,
      retryBackoffMs: { initial: 200, max: 400 },
      handleBatch: async () => {
        attempts.push(Date.now());
        throw new Error('database unavailable');
      },
    });
    await until(() => attempts.length >= 3);
    await failing.stop();
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(150);
    expect(await committed(groupId, topic.name)).toEqual(['-1']);

    const seen: string[] = [];
    const healthy = await runConsumer({
      kafka,
      groupId,
      topic,
      schema: NightSchema,
      dlq: producer,
      handleBatch: async (messages) => void seen.push(...messages.map((m) => m.offset)),
    });
    await until(() => seen.length === 1);
    await healthy.stop();
    expect(seen).toEqual(['0']);
    expect(await committed(groupId, topic.name)).toEqual(['1']);
  });

  it('lets the batch in progress finish and commit on stop', async () => {
    const { topic, dlq } = uniqueTopics('consumer-stop', 1);
    await ensureTopics(admin, [topic, dlq]);
    await producer.publish(
      topic.name,
      [1, 2].map((n) => ({ key: 'user-1', value: JSON.stringify(night('user-1', n)) })),
    );
    const groupId = uniqueGroupId('stop');
    let started = false;
    let finished = false;
    const consumer = await runConsumer({
      kafka,
      groupId,
      topic,
      schema: NightSchema,
      dlq: producer,
      handleBatch: async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        finished = true;
      },
    });
    await until(() => started);
    await consumer.stop();
    expect(finished).toBe(true);
    expect(await committed(groupId, topic.name)).toEqual(['2']);
    expect(await consumerGroupLag(admin, groupId, topic.name)).toEqual([
      { partition: 0, committed: '2', end: '2', lag: 0 },
    ]);
  });
});
