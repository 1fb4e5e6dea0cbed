import type { Admin, Kafka } from 'kafkajs';
import { Registry, type Counter } from 'prom-client';
import { readAll, uniqueTopics } from '@sleep/testkit';
import { ensureTopics } from './ensure-topics';
import { createKafka } from './kafka-client';
import { ProducerThread, ProducerThreadError } from './producer-thread';
import { ProducerClosedError, PublishTimeoutError } from './publish-errors';
import { CRASH_KEY, producerThreadEntries, rearmCrash } from './testing/producer-thread-fixtures';

jest.setTimeout(90_000);

const BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const client = { brokers: BROKERS, clientId: 'producer-thread-spec', logLevel: 'silent' as const };

describe('ProducerThread: the producer on a thread of its own, against a real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  const threads: ProducerThread[] = [];
  const thread = (entry = producerThreadEntries.real, registry?: Registry) => {
    const created = new ProducerThread({
      entry,
      client,
      producer: { publishTimeoutMs: 3_000 },
      registry,
      restartDelayMs: 50,
    });
    threads.push(created);
    return created;
  };
  const topicNamed = async (prefix: string) => {
    const { topic } = uniqueTopics(prefix, 3);
    await ensureTopics(admin, [topic]);
    return topic.name;
  };

  beforeAll(async () => {
    kafka = createKafka({ ...client });
    admin = kafka.admin();
    await admin.connect();
    rearmCrash();
  });

  afterAll(async () => {
    await Promise.all(threads.map((t) => t.disconnect()));
    await admin?.disconnect();
    rearmCrash();
  });

  it('acknowledges concurrent publishes only once Kafka has them, bytes and order kept', async () => {
    const topic = await topicNamed('thread');
    const registry = new Registry();
    const producer = thread(producerThreadEntries.real, registry);
    await producer.connect();
    const values = Array.from({ length: 300 }, (_, i) =>
      Buffer.from(JSON.stringify({ user: i % 10, seq: Math.floor(i / 10), pad: 'é'.repeat(i) })),
    );
    const copies = values.map((value) => Buffer.from(value));
    await Promise.all(
      values.map((value, i) =>
        producer.publish(topic, {
          key: `user-${i % 10}`,
          value,
          headers: { 'x-n': String(i), 'x-raw': Buffer.from([0xff, i % 256]) },
        }),
      ),
    );
    // The callers' buffers are still theirs (a failed publish is spooled from them).
    expect(values).toEqual(copies);

    const messages = await readAll(kafka, topic, { expected: 300 });
    expect(messages).toHaveLength(300);
    for (let user = 0; user < 10; user++) {
      const ofUser = messages.filter((m) => m.key === `user-${user}`);
      expect(ofUser.map((m) => JSON.parse(m.value!).seq)).toEqual(
        Array.from({ length: 30 }, (_, i) => i),
      );
    }
    const byN = new Map(messages.map((m) => [Number(m.headers['x-n']), m]));
    for (const [i, value] of copies.entries()) expect(byN.get(i)!.value).toBe(value.toString());

    const metric = async (name: string) =>
      (await (registry.getSingleMetric(name) as Counter).get()).values.reduce(
        (sum, v) => sum + v.value,
        0,
      );
    expect(await metric('kafka_produced_messages_total')).toBe(300);
    expect(await metric('kafka_produce_batches_total')).toBeGreaterThanOrEqual(1);
    expect(await metric('kafka_produce_batches_total')).toBeLessThanOrEqual(30);
  });

  it('a thread that dies rejects what it held, never acknowledges it, and a new one takes over', async () => {
    const topic = await topicNamed('thread-crash');
    const producer = thread(producerThreadEntries.crashing);
    await producer.connect();
    await producer.publish(topic, { key: 'before', value: Buffer.from('"before"') });

    // Published in the same tick: they reach the thread together, and it dies before sending.
    const held = [
      producer.publish(topic, { key: 'held', value: Buffer.from('"held"') }),
      producer.publish(topic, { key: CRASH_KEY, value: Buffer.from('"crash"') }),
    ];
    for (const outcome of await Promise.allSettled(held)) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ProducerThreadError);
    }

    await producer.publish(topic, { key: 'after', value: Buffer.from('"after"') });
    const keys = (await readAll(kafka, topic, { expected: 2 })).map((m) => m.key);
    expect(keys.sort()).toEqual(['after', 'before']);
  });

  it('a thread that stops answering: its publishes time out instead of waiting forever', async () => {
    const producer = thread(producerThreadEntries.silent);
    await producer.connect();
    const started = Date.now();
    const error = await producer.publish('any', { key: 'k', value: 'v' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(PublishTimeoutError);
    expect((error as PublishTimeoutError).inFlight).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
  });

  it('refuses publishes once disconnecting, after settling those already made', async () => {
    const topic = await topicNamed('thread-close');
    const producer = thread();
    const last = producer.publish(topic, { key: 'k', value: 'last' });
    const closed = producer.disconnect();
    await expect(producer.publish(topic, { key: 'k', value: 'late' })).rejects.toBeInstanceOf(
      ProducerClosedError,
    );
    await expect(last).resolves.toBeUndefined();
    await closed;
    expect((await readAll(kafka, topic, { expected: 1 })).map((m) => m.value)).toEqual(['last']);
  });
});
