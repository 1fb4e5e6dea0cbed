import { createHash, randomBytes } from 'node:crypto';
import { DeadLetterSchema, envelopeSchema } from '@sleep/contracts';
import { readAll, uniqueGroupId, uniqueTopics, withBroker, type TestBroker } from '@sleep/testkit';
import { CompressionTypes, type Admin, type Kafka } from 'kafkajs';
import { z } from 'zod';
import { BatchingProducer } from './batching-producer';
import { ensureTopics } from './ensure-topics';
import { createKafka } from './kafka-client';
import {
  DEV_EVENT_SIGNING_SEED,
  MessageSigner,
  MessageVerifier,
  publicKeyOf,
} from './message-signature';
import { runConsumer } from './typed-consumer';

jest.setTimeout(90_000);

const NightSchema = envelopeSchema('night.recorded', z.object({ minutes: z.number().int() }));
type Night = z.infer<typeof NightSchema>;

const night = (key: string, minutes: number): string =>
  JSON.stringify({
    eventId: `${key}-${minutes}`,
    type: 'night.recorded',
    version: 1,
    occurredAt: '2024-05-01T06:30:00.000Z',
    tenantId: 'tenant-1',
    key,
    payload: { minutes },
  });

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('dead letters of any size, and signed topics (real broker)', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: BatchingProducer;

  beforeAll(async () => {
    broker = await withBroker({ port: 29192, controllerPort: 29193 });
    kafka = createKafka({ brokers: broker.brokers, clientId: 'dlq-limits', logLevel: 'silent' });
    admin = kafka.admin();
    await admin.connect();
    producer = new BatchingProducer(kafka);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await broker?.stop();
  });

  it('dead-letters a > 1 MB body with its digest and source position, and the partition moves on', async () => {
    const { topic, dlq } = uniqueTopics('dlq-oversized', 1);
    await ensureTopics(admin, [topic, dlq]);
    // Compressed, a body far over the broker's 1 MiB message limit is accepted: a copy of it
    // in a dead letter (sent uncompressed) would be refused on every retry.
    const huge = `{"type":"night.recorded","junk":"${'\\u0000'.repeat(300_000)}${randomBytes(8).toString('hex')}"}`;
    expect(Buffer.byteLength(huge)).toBeGreaterThan(1_048_576);
    const raw = kafka.producer({ allowAutoTopicCreation: false });
    await raw.connect();
    await raw.send({
      topic: topic.name,
      compression: CompressionTypes.GZIP,
      messages: [
        { key: 'user-1', value: huge },
        { key: 'user-1', value: night('user-1', 480) },
      ],
    });
    await raw.disconnect();

    const handled: Night[] = [];
    const consumer = await runConsumer({
      kafka,
      groupId: uniqueGroupId('dlq-oversized'),
      topic,
      schema: NightSchema,
      dlq: producer,
      retryBackoffMs: { initial: 200, max: 1_000 },
      handleBatch: async (messages) => void handled.push(...messages.map((m) => m.value)),
    });
    try {
      await until(() => handled.length === 1);
    } finally {
      await consumer.stop();
    }
    expect(handled[0].payload.minutes).toBe(480);
    const [letter] = await readAll(kafka, dlq.name, { expected: 1 });
    expect(Buffer.byteLength(letter.value!)).toBeLessThan(300_000);
    expect(letter.headers['x-dlq-truncated']).toBe('true');
    const parsed = DeadLetterSchema.parse(JSON.parse(letter.value!));
    expect(parsed.reason).toBe('schema-mismatch');
    expect(parsed.truncated).toEqual({
      bytes: Buffer.byteLength(huge),
      sha256: createHash('sha256').update(huge).digest('hex'),
      partition: 0,
      offset: '0',
    });
    expect(huge.startsWith(parsed.raw)).toBe(true);
  });

  it('dead-letters unsigned and forged messages on a signed topic, and hands on only signed ones', async () => {
    const { topic, dlq } = uniqueTopics('signed', 1);
    await ensureTopics(admin, [topic, dlq]);
    const signer = new MessageSigner(DEV_EVENT_SIGNING_SEED);
    const forger = new MessageSigner(randomBytes(32).toString('base64'));
    const signed = (key: string, value: string, by = signer) => ({
      key,
      value,
      headers: by.headers(topic.name, key, value),
    });
    const genuine = night('user-1', 1);
    await producer.publish(topic.name, [
      { key: 'user-1', value: night('user-1', 2) },
      signed('user-1', night('user-1', 3), forger),
      // A genuine signature moved onto another value, and onto another key.
      {
        key: 'user-1',
        value: night('user-1', 4),
        headers: signer.headers(topic.name, 'user-1', genuine),
      },
      { key: 'user-2', value: genuine, headers: signer.headers(topic.name, 'user-1', genuine) },
      signed('user-1', genuine),
    ]);

    const handled: Night[] = [];
    const consumer = await runConsumer({
      kafka,
      groupId: uniqueGroupId('signed'),
      topic,
      schema: NightSchema,
      dlq: producer,
      verifier: new MessageVerifier([publicKeyOf(DEV_EVENT_SIGNING_SEED)]),
      handleBatch: async (messages) => void handled.push(...messages.map((m) => m.value)),
    });
    try {
      await until(() => handled.length === 1);
      const dead = await readAll(kafka, dlq.name, { expected: 4 });
      const letters = dead.map((m) => DeadLetterSchema.parse(JSON.parse(m.value!)));
      expect(letters.map((l) => l.reason)).toEqual([
        'unsigned',
        'signature-invalid',
        'signature-invalid',
        'signature-invalid',
      ]);
      expect(letters[1].issues?.[0].message).toMatch(/unknown signing key id/);
      expect(letters[2].issues?.[0].message).toMatch(/does not verify/);
    } finally {
      await consumer.stop();
    }
    expect(handled.map((n) => n.payload.minutes)).toEqual([1]);
  });
});
