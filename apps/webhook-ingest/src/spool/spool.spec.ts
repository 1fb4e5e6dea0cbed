import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DurableRecord } from '../durability/durable-record';
import { Spool } from './spool';
import { SpoolFullError, SpoolUnavailableError } from './spool-errors';
import { decodeRecord, encodeRecord } from './spool-record';

const record = (n: number, size = 100): DurableRecord => ({
  topic: n % 5 === 0 ? 'asleep.webhooks.dlq.v1' : 'asleep.webhooks.v1',
  key: `user-${n % 3}`,
  value: Buffer.from(JSON.stringify({ n, pad: 'x'.repeat(size) })),
  ...(n % 5 === 0 && { headers: { 'x-dlq-reason': 'schema-mismatch' } }),
});
const numbers = (records: DurableRecord[]) =>
  records.map((r) => JSON.parse(r.value.toString()).n as number);

async function drain(spool: Spool, batch = 7): Promise<number[]> {
  const seen: number[] = [];
  while (spool.records > 0) {
    const { records, cursor } = await spool.read(batch, 1_000_000);
    seen.push(...numbers(records));
    await spool.commit(cursor);
  }
  return seen;
}

describe('Spool', () => {
  let dir: string;
  beforeEach(() => (dir = join(mkdtempSync(join(tmpdir(), 'spool-spec-')), 'spool')));
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('round-trips a record, headers included', () => {
    const encoded = encodeRecord(record(5));
    expect(decodeRecord(encoded, 0)).toEqual({ record: record(5), size: encoded.length });
    expect(decodeRecord(encoded.subarray(0, encoded.length - 1), 0)).toEqual({ incomplete: true });
    encoded[encoded.length - 1] ^= 1;
    expect(decodeRecord(encoded, 0)).toEqual({ corrupt: true });
  });

  it('gives records back in append order across files, and deletes files once read', async () => {
    const { spool } = await Spool.open({ dir, maxBytes: 10_000_000, segmentBytes: 1_000 });
    for (let n = 0; n < 20; n++) await spool.append(record(n));
    expect(readdirSync(dir).filter((name) => name.endsWith('.spool')).length).toBeGreaterThan(3);
    // Appends made together share one write and one fsync, so they land in one file.
    await Promise.all(Array.from({ length: 20 }, (_, n) => spool.append(record(20 + n))));
    expect(spool.records).toBe(40);
    expect(await drain(spool)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(spool.records).toBe(0);
    expect(spool.bytes).toBe(0);
    expect(readdirSync(dir).filter((name) => name.endsWith('.spool'))).toEqual([]);
    await spool.close();
  });

  it('keeps appends that arrive while it is being read', async () => {
    const { spool } = await Spool.open({ dir, maxBytes: 10_000_000, segmentBytes: 2_000 });
    await Promise.all([0, 1, 2, 3].map((n) => spool.append(record(n))));
    const first = await spool.read(2, 1_000_000);
    const late = spool.append(record(4));
    await spool.commit(first.cursor);
    await late;
    expect([...numbers(first.records), ...(await drain(spool))]).toEqual([0, 1, 2, 3, 4]);
    await spool.close();
  });

  it('tells how long it has held records, from the first append after being empty', async () => {
    const { spool } = await Spool.open({ dir, maxBytes: 10_000_000 });
    expect(spool.ageSeconds()).toBe(0);
    const firstAppend = Date.now();
    await spool.append(record(1));
    await spool.append(record(2));
    expect(spool.ageSeconds(firstAppend + 90_000)).toBeCloseTo(90, 0);
    await drain(spool);
    expect(spool.ageSeconds(firstAppend + 90_000)).toBe(0);
    // Empty once, the clock starts again with the next record.
    const secondAppend = Date.now();
    await spool.append(record(3));
    expect(spool.ageSeconds(secondAppend + 5_000)).toBeCloseTo(5, 0);
    await spool.close();
  });

  it('survives a restart, and drops a torn tail that was never acknowledged', async () => {
    const { spool } = await Spool.open({ dir, maxBytes: 10_000_000 });
    for (let n = 0; n < 5; n++) await spool.append(record(n));
    await spool.close();
    const [file] = readdirSync(dir).filter((name) => name.endsWith('.spool'));
    const intact = statSync(join(dir, file)).size;
    appendFileSync(join(dir, file), encodeRecord(record(99)).subarray(0, 30));

    const reopened = await Spool.open({ dir, maxBytes: 10_000_000 });
    expect(reopened.repairedBytes).toBe(30);
    expect(statSync(join(dir, file)).size).toBe(intact);
    expect(reopened.spool.records).toBe(5);
    await reopened.spool.append(record(5));
    expect(await drain(reopened.spool)).toEqual([0, 1, 2, 3, 4, 5]);
    await reopened.spool.close();
  });

  it('refuses a record that would pass its size cap, and takes records again once drained', async () => {
    const { spool } = await Spool.open({ dir, maxBytes: 1_000 });
    await spool.append(record(1, 400));
    await expect(spool.append(record(2, 800))).rejects.toBeInstanceOf(SpoolFullError);
    await spool.append(record(3, 300));
    await expect(spool.append(record(4, 300))).rejects.toBeInstanceOf(SpoolFullError);
    expect(await drain(spool)).toEqual([1, 3]);
    await spool.append(record(5, 800));
    await spool.close();
  });

  it('will not open where it cannot write', async () => {
    writeFileSync(join(dir, '..', 'a-file'), '');
    await expect(
      Spool.open({ dir: join(dir, '..', 'a-file', 'spool'), maxBytes: 1_000 }),
    ).rejects.toThrow();
  });

  it('rejects appends with SpoolUnavailableError when the disk stops taking writes', async () => {
    const { spool } = await Spool.open({ dir, maxBytes: 10_000_000 });
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'not a directory any more');
    await expect(spool.append(record(1))).rejects.toBeInstanceOf(SpoolUnavailableError);
    expect(spool.failure).toBe('ENOTDIR');
    await expect(spool.probe()).rejects.toBeInstanceOf(SpoolUnavailableError);
    expect(spool.records).toBe(0);
    await spool.close();
  });
});
