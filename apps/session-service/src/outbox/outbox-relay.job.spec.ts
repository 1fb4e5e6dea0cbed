import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchingProducer,
  createKafka,
  ensureTopics,
  type Kafka,
  type OutgoingMessage,
  type Publisher,
} from '@sleep/messaging';
import { readAll, uniqueTopics } from '@sleep/testkit';
import { DEFAULT_TOPICS } from '../session-settings';
import { nightDeliveries } from '../testing/night-deliveries';
import { sampleSleepData, sampleUserId } from '../testing/samples';
import { insertOutbox } from '../store/session.repository';
import { openStore, outboxRows, type StoreFixture } from '../testing/store-fixture';

/** A publisher that fails like a broker that is down, until told otherwise. */
class FlakyPublisher implements Publisher {
  down = true;
  calls = 0;
  constructor(private readonly inner?: Publisher) {}
  async publish(topic: string, messages: OutgoingMessage | OutgoingMessage[]): Promise<void> {
    this.calls += 1;
    if (this.down) throw new Error('KafkaJSNumberOfRetriesExceeded: broker unreachable');
    await this.inner?.publish(topic, messages);
  }
}

describe('outbox relay', () => {
  const { topic } = uniqueTopics('session-outbox', 3);
  let kafka: Kafka;
  let producer: BatchingProducer;
  let store: StoreFixture;

  beforeAll(async () => {
    kafka = createKafka({
      brokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
      clientId: 'outbox-spec',
      logLevel: 'error',
    });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic]);
    await admin.disconnect();
    producer = new BatchingProducer(kafka);
    await producer.connect();
    store = await openStore('postgres', { topics: { ...DEFAULT_TOPICS, sessions: topic } });
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await store?.close();
  });

  it('publishes after recovery what was committed while Kafka was unreachable', async () => {
    const userId = `${sampleUserId}-outbox`;
    const deliveries = nightDeliveries(sampleSleepData(), { userId });
    await store.writer.apply(deliveries.slice(0, 5));

    // The process that committed cannot publish: the events must stay queued, not be lost.
    const crashed = store.relay(new FlakyPublisher());
    await expect(crashed.relayOnce()).rejects.toThrow('broker unreachable');
    expect((await outboxRows(store.database)).every((row) => !row.published)).toBe(true);

    // After recovery (a new relay, e.g. the restarted process) everything goes out, in order.
    const recovered = store.relay(producer);
    expect(await recovered.relayOnce()).toBe(5);
    const published = await readAll(kafka, topic.name, { expected: 5, timeoutMs: 20_000 });
    expect(published.map((m) => JSON.parse(m.value!).eventId)).toEqual(
      [1, 2, 3, 4, 5].map((v) => `${deliveries[0].sessionId}@${v}`),
    );
    expect(published.every((m) => m.key === userId && m.headers['event-id'])).toBe(true);
    expect((await outboxRows(store.database)).every((row) => row.published)).toBe(true);
    expect(await recovered.relayOnce()).toBe(0);
  }, 40_000);

  it('publishes a claim larger than Kafka takes in one request, in order', async () => {
    const userId = `${sampleUserId}-large-claim`;
    // 80 events of 20 KB for one user, so one partition: 1.6 MB, over the broker's 1 MiB.
    const entries = Array.from({ length: 80 }, (_, i) => ({
      topic: topic.name,
      key: userId,
      eventId: `large-${i}`,
      value: JSON.stringify({ eventId: `large-${i}`, padding: 'x'.repeat(20_000) }),
    }));
    await store.database.transaction((tx) => insertOutbox(tx, entries));
    const relay = store.relay(producer);
    expect(await relay.relayOnce()).toBe(80);
    // Acknowledged, so within the partitions' end offsets: read up to them.
    const published = await readAll(kafka, topic.name, { timeoutMs: 20_000 });
    const ids = published
      .filter((m) => m.key === userId)
      .map((m) => JSON.parse(m.value!).eventId as string);
    expect(ids).toEqual(entries.map((entry) => entry.eventId));
  }, 40_000);

  it('keeps each user\u2019s order with several relays at once', async () => {
    const users = ['a', 'b', 'c'].map((x) => `${sampleUserId}-order-${x}`);
    for (const userId of users) {
      for (const delivery of nightDeliveries(sampleSleepData(), { userId }).slice(0, 20))
        await store.writer.apply([delivery]);
    }
    const seen: { key: string; eventId: string }[] = [];
    const recording: Publisher = {
      async publish(_topic, messages) {
        await sleep(Math.random() * 5);
        for (const m of [messages].flat())
          seen.push({ key: String(m.key), eventId: String(m.headers?.['event-id']) });
      },
    };
    const relays = [store.relay(recording), store.relay(recording), store.relay(recording)];
    const drain = async (relay: (typeof relays)[number]) => {
      for (let idle = 0; idle < 5; idle = (await relay.relayOnce(4)) === 0 ? idle + 1 : 0)
        await sleep(1);
    };
    await Promise.all(relays.map(drain));
    for (const userId of users) {
      const ids = seen.filter((s) => s.key === userId).map((s) => Number(s.eventId.split('@')[1]));
      expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
  }, 40_000);
});
