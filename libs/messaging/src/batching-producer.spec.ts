import { allTopics } from '@sleep/contracts';
import { connect, type Socket } from 'node:net';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { Registry, type Counter } from 'prom-client';
import { BatchingProducer } from './batching-producer';
import { ensureTopics } from './ensure-topics';
import { createKafka } from './kafka-client';
import type { KafkaCompression } from './kafka-compression';
import { ProducerClosedError } from './publish-errors';
import { readAll, uniqueTopics, withBroker, type TestBroker } from '@sleep/testkit';

jest.setTimeout(60_000);

describe('ensureTopics and BatchingProducer against a real broker', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    broker = await withBroker({ port: 29092, controllerPort: 29093 });
    kafka = createKafka({ brokers: broker.brokers, clientId: 'producer-spec', logLevel: 'silent' });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.disconnect();
    await broker?.stop();
  });

  it('creates the registry topics idempotently, also when called concurrently', async () => {
    const results = await Promise.all([
      ensureTopics(admin),
      ensureTopics(admin),
      ensureTopics(admin),
    ]);
    const again = await ensureTopics(admin);
    expect(again.created).toEqual([]);
    expect(again.existing.sort()).toEqual(allTopics.map((spec) => spec.name).sort());
    expect(results).toHaveLength(3);

    const metadata = await admin.fetchTopicMetadata({ topics: allTopics.map((spec) => spec.name) });
    for (const spec of allTopics) {
      const topic = metadata.topics.find((t) => t.name === spec.name)!;
      expect(topic.partitions).toHaveLength(spec.partitions);
      expect(topic.partitions.every((p) => p.leader >= 0)).toBe(true);
    }
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: 2, name: 'platform.tenants.v1', configNames: ['cleanup.policy', 'retention.ms'] },
      ],
    });
    const entries = Object.fromEntries(
      configs.resources[0].configEntries.map((e) => [e.configName, e.configValue]),
    );
    expect(entries).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '-1' });
  });

  it('acknowledges 200 concurrent publishes in few batches, in order per key', async () => {
    const { topic } = uniqueTopics('producer', 3);
    await ensureTopics(admin, [topic]);
    const registry = new Registry();
    const producer = new BatchingProducer(kafka, { registry });
    await producer.connect();

    const publishes = Array.from({ length: 200 }, (_, i) =>
      producer.publish(topic.name, {
        key: `user-${i % 10}`,
        value: JSON.stringify({ seq: Math.floor(i / 10) }),
      }),
    );
    await expect(Promise.all(publishes)).resolves.toHaveLength(200);

    const batches = await (
      registry.getSingleMetric('kafka_produce_batches_total') as Counter
    ).get();
    const sent = batches.values.reduce((sum, v) => sum + v.value, 0);
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(3);

    const messages = await readAll(kafka, topic.name);
    expect(messages).toHaveLength(200);
    for (let user = 0; user < 10; user++) {
      const ofUser = messages.filter((m) => m.key === `user-${user}`);
      expect(new Set(ofUser.map((m) => m.partition)).size).toBe(1);
      expect(ofUser.map((m) => JSON.parse(m.value!).seq)).toEqual(
        Array.from({ length: 20 }, (_, i) => i),
      );
    }
    await producer.disconnect();
  });

  it('splits by maxBatchMessages and forwards Buffer values byte for byte', async () => {
    const { topic } = uniqueTopics('producer-split', 1);
    await ensureTopics(admin, [topic]);
    const registry = new Registry();
    const producer = new BatchingProducer(kafka, { registry, maxBatchMessages: 50 });
    const bytes = Buffer.from([0x00, 0xff, 0x7b, 0x22, 0xc3, 0x28]);
    await Promise.all([
      ...Array.from({ length: 199 }, (_, i) =>
        producer.publish(topic.name, { key: 'k', value: String(i) }),
      ),
      producer.publish(topic.name, { key: 'k', value: bytes }),
    ]);
    const batches = await (
      registry.getSingleMetric('kafka_produce_batches_total') as Counter
    ).get();
    expect(batches.values.reduce((sum, v) => sum + v.value, 0)).toBe(4);

    const consumer = kafka.consumer({ groupId: `raw-${Date.now()}`, maxWaitTimeInMs: 100 });
    const received: Buffer[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic.name], fromBeginning: true });
    await new Promise<void>((done) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(message.value!);
          if (received.length === 200) done();
        },
      });
    });
    await consumer.disconnect();
    expect(received.slice(0, 199).map(String)).toEqual(
      Array.from({ length: 199 }, (_, i) => String(i)),
    );
    expect(received[199].equals(bytes)).toBe(true);
    await producer.disconnect();
  });

  it('sends record batches LZ4-compressed by default, read back byte for byte', async () => {
    const { topic } = uniqueTopics('producer-lz4', 1);
    await ensureTopics(admin, [topic]);
    // A night's stage array: a few digits in long runs, as Asleep sends them.
    const night = (seed: number) =>
      JSON.stringify({ seed, stages: Array.from({ length: 2_880 }, (_, i) => (i >> 6) % 4) });
    const values = Array.from({ length: 20 }, (_, i) => night(i));
    // Bytes this process wrote to the broker: the produce requests as they went on the wire.
    const sent = async (options: { compression?: KafkaCompression }) => {
      const sockets: Socket[] = [];
      const counted = new Kafka({
        clientId: 'producer-spec-wire',
        brokers: broker.brokers,
        logLevel: logLevel.NOTHING,
        socketFactory: ({ host, port, onConnect }) => {
          const socket = connect({ host, port }, onConnect);
          sockets.push(socket);
          return socket;
        },
      });
      const producer = new BatchingProducer(counted, options);
      await Promise.all(values.map((value) => producer.publish(topic.name, { key: 'k', value })));
      await producer.disconnect();
      return sockets.reduce((sum, socket) => sum + socket.bytesWritten, 0);
    };
    const compressed = await sent({});
    const plain = await sent({ compression: 'none' });
    const valueBytes = values.reduce((sum, value) => sum + value.length, 0);
    expect(plain).toBeGreaterThan(valueBytes);
    expect(compressed).toBeLessThan(valueBytes / 5);
    const read = await readAll(kafka, topic.name, { expected: 40 });
    expect(read.map((message) => message.value)).toEqual([...values, ...values]);
  });

  it('flushes queued messages on disconnect and refuses new ones after', async () => {
    const { topic } = uniqueTopics('producer-close', 1);
    await ensureTopics(admin, [topic]);
    const producer = new BatchingProducer(kafka);
    const pending = producer.publish(topic.name, [{ value: 'a' }, { value: 'b' }]);
    await producer.disconnect();
    await expect(pending).resolves.toBeUndefined();
    await expect(producer.publish(topic.name, { value: 'c' })).rejects.toBeInstanceOf(
      ProducerClosedError,
    );
    await expect(
      producer.publish(topic.name, { value: { not: 'bytes' } as never }),
    ).rejects.toThrow();
    expect((await readAll(kafka, topic.name)).map((m) => m.value)).toEqual(['a', 'b']);
  });

  it('rejects the publish when Kafka refuses the batch', async () => {
    const producer = new BatchingProducer(
      createKafka({ brokers: broker.brokers, clientId: 'x', logLevel: 'silent' }),
      {
        retry: { retries: 1, initialRetryTime: 50 },
      },
    );
    await expect(producer.publish('test.does-not-exist.v1', { value: 'x' })).rejects.toThrow();
    await producer.disconnect();
  });
});
