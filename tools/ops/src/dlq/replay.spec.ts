import { randomUUID } from 'node:crypto';
import { createKafka } from '@sleep/messaging';
import { replayDeadLetters } from './replay';
import { selectReplays } from './select-replays';

const letter = (reason: string, key: string, raw: string, failedAt = '2026-12-01T10:00:00Z') =>
  Buffer.from(JSON.stringify({ reason, sourceTopic: 'src.v1', failedAt, key, raw }));

describe('selectReplays', () => {
  it('takes the original key and value, filters by reason and time, counts the unreadable', () => {
    const selection = selectReplays(
      [
        letter('schema-mismatch', 'u1', '{"a":1}'),
        letter('invalid-json', 'u2', '{oops', '2026-11-01T00:00:00Z'),
        Buffer.from('not json'),
        null,
      ],
      { since: new Date('2026-11-15T00:00:00Z') },
    );
    expect(selection.replays).toEqual([{ topic: 'src.v1', key: 'u1', value: '{"a":1}' }]);
    expect(selection.byReason).toEqual({ 'schema-mismatch': 1, 'invalid-json': 1 });
    expect(selection.unreadable).toBe(2);
  });

  it('lists dead letters whose original was too large to copy instead of replaying their start', () => {
    const truncated = { bytes: 2_000_000, sha256: 'a'.repeat(64), partition: 3, offset: '42' };
    const cut = Buffer.from(
      JSON.stringify({
        reason: 'schema-mismatch',
        sourceTopic: 'src.v1',
        failedAt: '2026-12-01T10:00:00Z',
        key: 'u1',
        raw: '{"junk":"xxxx',
        truncated,
      }),
    );
    const selection = selectReplays([cut, letter('schema-mismatch', 'u2', '{"a":2}')], {});
    expect(selection.replays).toEqual([{ topic: 'src.v1', key: 'u2', value: '{"a":2}' }]);
    expect(selection.truncated).toEqual([
      { topic: 'src.v1', partition: 3, offset: '42', bytes: 2_000_000 },
    ]);
  });
});

describe('replayDeadLetters against the real broker', () => {
  const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
  const run = randomUUID().slice(0, 8);
  const source = `ops-test.source-${run}.v1`;
  const dlq = `ops-test.source-${run}.dlq.v1`;
  const kafka = createKafka({ brokers, clientId: 'dlq-replay-test' });

  async function readAll(topic: string, expected: number) {
    const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
    const got: { key: string; value: string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 20_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          got.push({ key: String(message.key), value: String(message.value) });
          if (got.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    return got;
  }

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: source, numPartitions: 2 },
        { topic: dlq, numPartitions: 1 },
      ],
    });
    await admin.disconnect();
    const at = new Date().toISOString();
    const body = (reason: string, key: string, raw: string) =>
      JSON.stringify({ reason, sourceTopic: source, failedAt: at, key, raw });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: dlq,
      acks: -1,
      messages: [
        { key: 'u1', value: body('schema-mismatch', 'u1', '{"n":1}') },
        { key: 'u2', value: body('invalid-json', 'u2', '{broken') },
        { key: 'u1', value: body('schema-mismatch', 'u1', '{"n":2}') },
      ],
    });
    await producer.disconnect();
  }, 60_000);

  it('dry run counts and sends nothing; a run re-drives the chosen letters in order', async () => {
    const dry = await replayDeadLetters({ brokers, dlq, dryRun: true });
    expect(dry).toMatchObject({
      byReason: { 'schema-mismatch': 2, 'invalid-json': 1 },
      replayed: 0,
    });
    const admin = kafka.admin();
    await admin.connect();
    const before = await admin.fetchTopicOffsets(source);
    expect(before.every((p) => p.high === '0')).toBe(true);
    await admin.disconnect();

    const result = await replayDeadLetters({
      brokers,
      dlq,
      reason: 'schema-mismatch',
      dryRun: false,
    });
    expect(result.replayed).toBe(2);
    expect(await readAll(source, 2)).toEqual([
      { key: 'u1', value: '{"n":1}' },
      { key: 'u1', value: '{"n":2}' },
    ]);
  }, 90_000);
});
