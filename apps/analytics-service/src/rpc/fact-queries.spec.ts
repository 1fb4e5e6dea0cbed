import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stat } from '@sleep/contracts';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import {
  createTestDatabase,
  embeddedTemplate,
  type TestDatabase,
} from '@sleep/persistence/testing';
import { formatInstant } from '@sleep/sleep-metrics';
import { factIntents } from '../facts/fact-intents';
import { FactWriter } from '../facts/fact-writer';
import { completedEvent, sleepData, uniqueUserId } from '../testing/session-events';
import { A1_STAT_EXPRESSION, A1_STAT_KEYS, statOfA1 } from './a1-stat';
import { AVERAGE_STATEMENT, averageNightOf, FactQueries } from './fact-queries';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Output: string[];
  Plans?: PlanNode[];
}
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

describe('A1 read of the stored stat values (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;
  let writer: FactWriter;
  let queries: FactQueries;
  const tenant = 'acme';
  const userId = uniqueUserId();

  beforeAll(async () => {
    target = await createTestDatabase('analytics_fact_queries');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
    writer = new FactWriter(database);
    queries = new FactQueries(database);
  });

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  const slept = sleepData({ start: '2025-03-10T14:00:00Z' });
  // Values Postgres prints otherwise than JavaScript (exponents, very small and large numbers).
  const odd = sleepData({ start: '2025-03-11T14:00:00Z' });

  /** Each stat as the driver parses the jsonb's text, and as A1 reads it back from `a1_stat`. */
  const stats = async () =>
    (
      await database.query<{
        session_id: string;
        jsonb: string | null;
        a1_stat: readonly unknown[] | Stat | null;
      }>(
        `select session_id, stat::text as jsonb, a1_stat from analytics.nightly_facts
         where tenant_id = $1 and user_id = $2 order by session_id`,
        [tenant, userId],
      )
    ).map((row) => ({
      sessionId: row.session_id,
      values: Array.isArray(row.a1_stat),
      // Text, so the order of the keys counts too.
      printed: row.jsonb === null ? null : JSON.stringify(JSON.parse(row.jsonb)),
      read: JSON.stringify(statOfA1(row.a1_stat)),
    }));

  it('keeps the values of the stat for A1 without keys, read back key for key as the jsonb, through inserts and updates', async () => {
    const stat = { ...odd.stat!, sleep_efficiency: 0.1, breathing_index: 1e-7, time_in_bed: 1e21 };
    const never = sleepData({ start: '2025-03-12T14:00:00Z', neverSlept: true });
    const quoted = sleepData({ start: '2025-03-13T14:00:00Z' });
    const pattern = { ...quoted.stat!, breathing_pattern: 'a "quoted", \\ [odd] pattern: é' };
    await writer.apply(
      factIntents([
        completedEvent(tenant, userId, slept),
        completedEvent(tenant, userId, { ...odd, stat }),
        completedEvent(tenant, userId, never),
        completedEvent(tenant, userId, { ...quoted, stat: pattern }),
      ]),
    );
    // A re-completion replaces the stat.
    const changed = { ...slept.stat!, sleep_index: 55, sleep_cycle_time: ['2025-03-10T15:00:00Z'] };
    await writer.apply(
      factIntents([completedEvent(tenant, userId, { ...slept, stat: changed }, 2)]),
    );

    const rows = await stats();
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.read).toBe(row.printed ?? 'null');
    expect(rows.filter((row) => row.printed === null)).toHaveLength(1);
    expect(rows.filter((row) => row.values)).toHaveLength(3);
    expect(rows.some((row) => row.read.includes('"sleep_index":55'))).toBe(true);
    expect(rows.some((row) => row.read.includes('"breathing_index":1e-7'))).toBe(true);
  });

  it('keeps a stat of other keys whole (a field added upstream, a field missing)', async () => {
    const { snoring_count: _dropped, ...withoutSnoring } = odd.stat!;
    await writer.apply(
      factIntents([
        completedEvent(
          tenant,
          userId,
          { ...slept, stat: { ...slept.stat!, sleep_score_v2: 71 } as Stat },
          3,
        ),
        completedEvent(tenant, userId, { ...odd, stat: withoutSnoring as Stat }, 2),
      ]),
    );
    const rows = await stats();
    for (const row of rows) expect(row.read).toBe(row.printed ?? 'null');
    expect(rows.filter((row) => row.values)).toHaveLength(1);
    expect(rows.some((row) => row.read.includes('"sleep_score_v2":71'))).toBe(true);
  });

  it('answers A1 with the same stats as the jsonb holds', async () => {
    const read = await queries.aroundStartDates(tenant, userId, '2025-03-10', '2025-03-13');
    const stored = await database.query<{ session_id: string; stat: unknown }>(
      `select session_id, stat from analytics.nightly_facts where tenant_id = $1 and user_id = $2
       order by start_at, session_id`,
      [tenant, userId],
    );
    expect(read.map((row) => [row.session_id, statOfA1(row.a1_stat)])).toEqual(
      stored.map((row) => [row.session_id, row.stat]),
    );
  });

  it('reads of the peculiarities whether NEVER_SLEPT and NO_BREATHING_STABILITY are among them', async () => {
    await database.query(
      `update analytics.nightly_facts set peculiarities = case start_date
         when '2025-03-10' then '{}'::text[]
         when '2025-03-11' then '{NEVER_SLEPT,TOO_SHORT_FOR_ANALYSIS}'::text[]
         when '2025-03-12' then peculiarities || '{IN_PROGRESS}'::text[]
         else peculiarities end
       where tenant_id = $1 and user_id = $2`,
      [tenant, userId],
    );
    const read = await queries.aroundStartDates(tenant, userId, '2025-03-10', '2025-03-13');
    const stored = await database.query<{ session_id: string; peculiarities: string[] }>(
      `select session_id, peculiarities from analytics.nightly_facts
       where tenant_id = $1 and user_id = $2 order by start_at, session_id`,
      [tenant, userId],
    );
    expect(
      read.map((row) => [row.session_id, row.never_slept, row.no_breathing_stability]),
    ).toEqual(
      stored.map((row) => [
        row.session_id,
        row.peculiarities.includes('NEVER_SLEPT'),
        row.peculiarities.includes('NO_BREATHING_STABILITY'),
      ]),
    );
    expect(read.map(averageNightOf).map((night) => night.peculiarities)).toEqual([
      [],
      ['NEVER_SLEPT'],
      ['NEVER_SLEPT', 'NO_BREATHING_STABILITY'],
      ['NO_BREATHING_STABILITY'],
    ]);
  });

  it('has in its migration the expression of the schema, keys in the order A1 reads them back', () => {
    const migration = readFileSync(
      join(__dirname, '../migrations/0013_a1_stat_jsonpath.sql'),
      'utf8',
    );
    const flat = (text: string) =>
      text.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');
    expect(flat(migration)).toContain(`GENERATED ALWAYS AS (${flat(A1_STAT_EXPRESSION)}) STORED`);
    expect(A1_STAT_EXPRESSION).toContain(`'{${A1_STAT_KEYS.join(',')}}'`);
  });

  it('reads the stats stored under migration 0012 the same after 0013 rewrote them', async () => {
    // The migrations up to 0012 only: the journal cut after it.
    const folder = mkdtempSync(join(tmpdir(), 'analytics-migrations-'));
    const upgraded = await createTestDatabase('analytics_a1_upgrade');
    const db = await openDatabase({ url: upgraded.url, schema: 'analytics' });
    try {
      cpSync(join(__dirname, '../migrations'), folder, { recursive: true });
      const journalPath = join(folder, 'meta/_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
        entries: { tag: string }[];
      };
      const upTo = journal.entries.findIndex((e) => e.tag === '0012_a1_stat_values');
      journal.entries = journal.entries.slice(0, upTo + 1);
      writeFileSync(journalPath, JSON.stringify(journal));
      await migrateDatabase(db, { migrationsFolder: folder });

      const user = uniqueUserId();
      const statOf = (data: { stat: Stat | null }): Stat => {
        if (data.stat === null) throw new Error('a night without a stat');
        return data.stat;
      };
      const odd = sleepData({ start: '2025-03-11T14:00:00Z' });
      const quoted = sleepData({ start: '2025-03-13T14:00:00Z' });
      const extra = sleepData({ start: '2025-03-14T14:00:00Z' });
      const missing = sleepData({ start: '2025-03-15T14:00:00Z' });
      const { snoring_count: _dropped, ...withoutSnoring } = statOf(missing);
      // Stored as the writers of that time did: the stat only, `a1_stat` generated from it.
      const intents = factIntents([
        completedEvent(tenant, user, sleepData({ start: '2025-03-10T14:00:00Z' })),
        completedEvent(tenant, user, {
          ...odd,
          stat: {
            ...statOf(odd),
            breathing_index: 1e-7,
            time_in_bed: 1e21,
            sleep_efficiency: 0.1,
          },
        }),
        completedEvent(
          tenant,
          user,
          sleepData({ start: '2025-03-12T14:00:00Z', neverSlept: true }),
        ),
        completedEvent(tenant, user, {
          ...quoted,
          stat: { ...statOf(quoted), breathing_pattern: 'a "quoted", \\ [odd] pattern: é' },
        }),
        completedEvent(tenant, user, {
          ...extra,
          stat: { ...statOf(extra), sleep_score_v2: 71 } as Stat,
        }),
        completedEvent(tenant, user, { ...missing, stat: withoutSnoring as Stat }),
      ]);
      for (const intent of intents) {
        if (intent.kind !== 'upsert') continue;
        const { fact } = intent;
        await db.query(
          `insert into analytics.nightly_facts (tenant_id, user_id, session_id, version, start_at,
             end_at, zone, stat, slept, start_date, sleep_day, is_nap)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            fact.tenantId,
            fact.userId,
            fact.sessionId,
            fact.version,
            fact.startAt,
            fact.endAt,
            fact.zone,
            fact.stat && JSON.stringify(fact.stat),
            fact.slept,
            fact.startDate,
            fact.sleepDay,
            fact.isNap,
          ],
        );
      }
      const read = () =>
        db.query<{
          session_id: string;
          text: string | null;
          a1_stat: readonly unknown[] | Stat | null;
        }>(
          `select session_id, a1_stat::text as text, a1_stat from analytics.nightly_facts
           where tenant_id = $1 and user_id = $2 order by session_id`,
          [tenant, user],
        );
      const before = await read();
      await migrateDatabase(db, { migrationsFolder: join(__dirname, '../migrations') });
      const after = await read();

      expect(after).toHaveLength(6);
      expect(after.map((r) => [r.session_id, r.a1_stat])).toEqual(
        before.map((r) => [r.session_id, r.a1_stat]),
      );
      expect(after.map((r) => JSON.stringify(statOfA1(r.a1_stat)))).toEqual(
        before.map((r) => JSON.stringify(statOfA1(r.a1_stat))),
      );
      // Three arrays of values, each printed anew; a night never slept, a stat with a key more, one with a key less.
      expect(after.filter((r) => Array.isArray(r.a1_stat))).toHaveLength(3);
      expect(after.filter((r) => r.text !== null && r.text.startsWith('['))).toHaveLength(3);
      expect(after.filter((r, i) => r.text !== before[i]?.text)).toHaveLength(3);
      // 0015 keeps what 0013 stored and leaves the column to the writers.
      const [column] = await db.query<{ generated: string }>(
        `select attgenerated as generated from pg_attribute
         where attrelid = 'analytics.nightly_facts'::regclass and attname = 'a1_stat'`,
      );
      expect(column?.generated).toBe('');
    } finally {
      await db.close();
      await upgraded.drop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  /** The plan of A1's statement for this user, on one connection with `settings` applied. */
  async function a1Plan(settings: string[] = []) {
    const connection = await openDatabase({ url: target.url, schema: 'analytics', poolSize: 1 });
    try {
      for (const setting of settings) await connection.query(setting);
      const [{ 'QUERY PLAN': plan }] = await connection.query<{ 'QUERY PLAN': unknown }>(
        `explain (verbose, format json) ${AVERAGE_STATEMENT}`.replace(/\$(\d)/g, (_, n) =>
          n === '1' || n === '2' ? `'${n === '1' ? tenant : userId}'` : `'2025-03-0${n}'::date`,
        ),
      );
      return (plan as { Plan: PlanNode }[])[0].Plan;
    } finally {
      await connection.close();
    }
  }

  it('sends the stored text: the statement reads a1_stat, never prints the jsonb', async () => {
    const { Output: output } = await a1Plan();
    expect(output).toContain('a1_stat');
    expect(output).not.toContain('stat');
  });

  it('finds every column it reads in the (tenant, user, start date) index: an index-only scan', async () => {
    await database.query('vacuum analytics.nightly_facts');
    // A table of three rows is read whole whatever the indexes: ask for the index path.
    const plan = await a1Plan(['set enable_seqscan = off', 'set enable_bitmapscan = off']);
    const scans = nodes(plan).filter((node) => node['Relation Name'] === 'nightly_facts');
    expect(scans).toEqual([
      expect.objectContaining({
        'Node Type': 'Index Only Scan',
        'Index Name': 'nightly_facts_user_start_idx',
      }),
    ]);
  });

  // Last: it moves every night of the user, which the plans above are not asked about.
  it('reads instants to the second as exact arithmetic does, sub-second ones included', async () => {
    // The last microsecond before a second, and times that are not binary fractions.
    await database.query(
      `update analytics.nightly_facts
       set start_at = date_trunc('second', start_at) + interval '0.999999 s',
           end_at = date_trunc('second', end_at) + make_interval(secs => 0.1 * (start_date - '2025-03-01'))
       where tenant_id = $1 and user_id = $2`,
      [tenant, userId],
    );
    const read = await queries.aroundStartDates(tenant, userId, '2025-03-10', '2025-03-13');
    const exact = await database.query<{ start_ms: number; end_ms: number }>(
      `select (extract(epoch from start_at) * 1000)::float8 as start_ms,
         (extract(epoch from end_at) * 1000)::float8 as end_ms
       from analytics.nightly_facts where tenant_id = $1 and user_id = $2
       order by start_at, session_id`,
      [tenant, userId],
    );
    const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;
    expect(read.map(averageNightOf).map((n) => [n.startMs, n.endMs])).toEqual(
      exact.map((row) => [seconds(row.start_ms), seconds(row.end_ms)]),
    );
    expect(read.map(averageNightOf).map((n) => formatInstant(n.startMs as number, 'UTC'))).toEqual(
      exact.map((row) => formatInstant(row.start_ms, 'UTC')),
    );
    expect(read.every((row) => row.start_ms % 1000 > 999)).toBe(true);
  });

  it('migrates the embedded database alike (one statement per step there)', async () => {
    const embedded = await openDatabase({
      schema: 'analytics',
      embeddedSeed: await embeddedTemplate(),
    });
    try {
      await migrateDatabase(embedded, { migrationsFolder: join(__dirname, '../migrations') });
      const [index] = await embedded.query<{ indexdef: string }>(
        `select indexdef from pg_indexes where indexname = 'nightly_facts_user_start_idx'`,
      );
      expect(index.indexdef).toContain(
        'INCLUDE (start_at, session_id, end_at, zone, peculiarities, a1_stat)',
      );
    } finally {
      await embedded.close();
    }
  }, 60_000);
});
