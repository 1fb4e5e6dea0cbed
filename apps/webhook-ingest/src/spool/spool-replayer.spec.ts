import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutgoingMessage, Publisher } from '@sleep/messaging';
import { DurableWriter } from '../durability/durable-writer';
import { Spool } from './spool';
import { SpoolReplayer } from './spool-replayer';

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

/** A Kafka stand-in that can be switched off, remembering what it acknowledged. */
class FakeKafka implements Publisher {
  up = true;
  attempts = 0;
  readonly acknowledged: { topic: string; key: string; value: string }[] = [];

  async publish(topic: string, messages: OutgoingMessage | OutgoingMessage[]): Promise<void> {
    this.attempts += 1;
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.up) throw new Error('broker unavailable');
    for (const m of [messages].flat())
      this.acknowledged.push({ topic, key: String(m.key), value: String(m.value) });
  }
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('DurableWriter and SpoolReplayer', () => {
  let dir: string;
  let spool: Spool;
  let kafka: FakeKafka;
  let replayer: SpoolReplayer;
  let writer: DurableWriter;
  const record = (n: number, topic = 'main.v1') => ({
    topic,
    key: `user-${n % 2}`,
    value: Buffer.from(String(n)),
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'replay-spec-'));
    spool = (await Spool.open({ dir, maxBytes: 1_000_000, segmentBytes: 200 })).spool;
    kafka = new FakeKafka();
    replayer = new SpoolReplayer(spool, kafka, silent, {
      batchRecords: 3,
      backoffMs: { initial: 5, max: 20 },
    });
    writer = new DurableWriter(kafka, spool, replayer, silent);
  });

  afterEach(async () => {
    await replayer.stop();
    await spool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends straight to Kafka while Kafka acknowledges', async () => {
    await expect(writer.write(record(1))).resolves.toBe('kafka');
    expect(spool.records).toBe(0);
    expect(kafka.acknowledged.map((m) => m.value)).toEqual(['1']);
  });

  it('spools during an outage, queues behind the spool until it drained, then goes direct again', async () => {
    // A replayer that retries only every 2 s: the attempts counted below are the writer's own.
    await replayer.stop();
    replayer = new SpoolReplayer(spool, kafka, silent, {
      batchRecords: 3,
      backoffMs: { initial: 2_000, max: 2_000 },
    });
    writer = new DurableWriter(kafka, spool, replayer, silent);
    kafka.up = false;
    await expect(writer.write(record(0))).resolves.toBe('spool');
    const attempts = kafka.attempts;
    for (let n = 1; n < 10; n++)
      await expect(writer.write(record(n, n === 5 ? 'main.dlq.v1' : 'main.v1'))).resolves.toBe(
        'spool',
      );
    // Behind a non-empty spool nothing tries Kafka first: one timeout per outage, not per webhook.
    expect(kafka.attempts - attempts).toBeLessThan(9);
    expect(kafka.acknowledged).toEqual([]);

    kafka.up = true;
    await until(() => spool.records === 0, 15_000);
    expect(kafka.acknowledged.map((m) => Number(m.value))).toEqual(
      Array.from({ length: 10 }, (_, n) => n),
    );
    expect(kafka.acknowledged[5].topic).toBe('main.dlq.v1');
    await expect(writer.write(record(10))).resolves.toBe('kafka');
  }, 30_000);

  it('replays what an earlier run left behind, and forgets nothing that was not acknowledged', async () => {
    for (let n = 0; n < 7; n++) await spool.append(record(n));
    kafka.up = false;
    replayer.wake();
    await until(() => kafka.attempts >= 3);
    expect(spool.records).toBe(7);
    kafka.up = true;
    await until(() => spool.records === 0);
    expect(kafka.acknowledged.map((m) => m.value)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
  });

  it('fails the write only when neither Kafka nor the spool takes it', async () => {
    const tiny = (await Spool.open({ dir: join(dir, 'tiny'), maxBytes: 100 })).spool;
    const strict = new DurableWriter(kafka, tiny, new SpoolReplayer(tiny, kafka, silent), silent);
    kafka.up = false;
    await expect(strict.write({ topic: 't', key: 'k', value: Buffer.alloc(200) })).rejects.toThrow(
      /maximum/,
    );
    await tiny.close();
  });

  it('stops promptly and leaves the rest on disk', async () => {
    kafka.up = false;
    for (let n = 0; n < 4; n++) await writer.write(record(n));
    await replayer.stop();
    expect(spool.records).toBe(4);
  });
});
