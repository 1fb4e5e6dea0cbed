import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchingProducer, createKafka } from '@sleep/messaging';
import { Spool } from './spool';
import { SpoolReplayer } from './spool-replayer';

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

// A replica leaving for good (a scale-in) flushes its spool to the real broker before it exits.
describe('SpoolReplayer.flush on shutdown, against the real broker', () => {
  const kafka = createKafka({
    brokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    clientId: 'spool-flush-spec',
    logLevel: 'silent',
  });
  const topic = `spool-flush-${randomUUID().slice(0, 8)}.v1`;
  let dir: string;
  let spool: Spool;
  let producer: BatchingProducer;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    await admin.disconnect();
    dir = mkdtempSync(join(tmpdir(), 'spool-flush-'));
    spool = (await Spool.open({ dir, maxBytes: 10_000_000 })).spool;
    producer = new BatchingProducer(kafka);
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await spool?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends every spooled record before it stops, and leaves the spool empty', async () => {
    for (let n = 0; n < 120; n++)
      await spool.append({ topic, key: `user-${n % 7}`, value: Buffer.from(`{"n":${n}}`) });
    expect(spool.records).toBe(120);
    const replayer = new SpoolReplayer(spool, producer, silent, { batchRecords: 25 });

    await expect(replayer.flush(30_000)).resolves.toBe(0);

    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(120);
  }, 60_000);
});
