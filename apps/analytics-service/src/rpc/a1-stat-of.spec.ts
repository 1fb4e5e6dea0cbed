import type { Stat } from '@sleep/contracts';
import { type DatabaseHandle, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import { sleepData } from '../testing/session-events';
import { A1_STAT_EXPRESSION, a1StatOf } from './a1-stat';

/** Stats of every shape a writer may meet, each as the JavaScript object the writer holds. */
function variedStats(): Record<string, Stat | null> {
  const slept = sleepData({ start: '2025-03-10T14:00:00Z' }).stat!;
  const { snoring_count: _snoring, ...missing } = slept;
  const nulls = Object.fromEntries(Object.keys(slept).map((key) => [key, null]));
  return {
    slept,
    'every value null': nulls as unknown as Stat,
    'a key missing': missing as Stat,
    'a key more': { ...slept, sleep_score_v2: 71 } as Stat,
    'a key more, not ascii, with an object': {
      zzz: { b: 1, a: [2, { d: null, c: 'x' }] },
      ...slept,
      é: -1,
    } as unknown as Stat,
    'a key undefined': { ...slept, snoring_count: undefined } as unknown as Stat,
    'a key more, undefined': { ...slept, sleep_score_v2: undefined } as unknown as Stat,
    exponents: { ...slept, breathing_index: 1e-7, time_in_bed: 1e21, sleep_index: 1.5e300 },
    negative: { ...slept, breathing_index: -0.000123, sleep_index: -42, waso_count: -0 },
    integers: { ...slept, sleep_efficiency: 1, sleep_ratio: 0, deep_ratio: 2 ** 53 },
    quoted: { ...slept, breathing_pattern: 'a "quoted", \\ [odd]\n pattern: é \u0001' },
    'no stat': null,
  };
}

describe('a1StatOf against the expression Postgres generated `a1_stat` with (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;

  // One connection: the table is temporary.
  beforeAll(async () => {
    target = await createTestDatabase('analytics_a1_stat_of');
    database = await openDatabase({ url: target.url, schema: 'analytics', poolSize: 1 });
    await database.query(
      `create temp table generated_a1 (name text primary key, stat jsonb,
         a1_stat json generated always as (${A1_STAT_EXPRESSION}) stored)`,
    );
  });

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('gives, parsed, the same json as the generation expression (keys in the same order)', async () => {
    const stats = variedStats();
    for (const [name, stat] of Object.entries(stats))
      await database.query(`insert into generated_a1 (name, stat) values ($1, $2::jsonb)`, [
        name,
        // As the writers send a jsonb: its JSON text.
        stat === null ? null : JSON.stringify(stat),
      ]);
    const rows = await database.query<{ name: string; generated: string | null }>(
      `select name, a1_stat::text as generated from generated_a1 order by name`,
    );
    expect(rows).toHaveLength(Object.keys(stats).length);
    for (const { name, generated } of rows) {
      const expected = generated === null ? null : JSON.stringify(JSON.parse(generated));
      const written = a1StatOf(stats[name] ?? null);
      expect([name, written === null ? null : JSON.stringify(written)]).toEqual([name, expected]);
    }
    // Values for the stats of exactly the known keys, the stat whole for the others.
    const arrays = rows.filter((row) => row.generated?.startsWith('[')).map((row) => row.name);
    expect(arrays.sort()).toEqual(
      [
        'slept',
        'every value null',
        'a key more, undefined',
        'exponents',
        'negative',
        'integers',
        'quoted',
      ].sort(),
    );
  });
});
