import { join } from 'node:path';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import {
  createTestDatabase,
  embeddedTemplate,
  type TestDatabase,
} from '@sleep/persistence/testing';
import { factIntents } from '../facts/fact-intents';
import { FactWriter } from '../facts/fact-writer';
import { completedEvent, sleepData, uniqueUserId } from '../testing/session-events';
import { AVERAGE_STATEMENT, FactQueries } from './fact-queries';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Output: string[];
  Plans?: PlanNode[];
}
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

describe('A1 read of the stored stat text (real Postgres)', () => {
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

  const texts = () =>
    database.query<{ session_id: string; jsonb: string | null; stored: string | null }>(
      `select session_id, stat::text as jsonb, stat_json::text as stored from analytics.nightly_facts
       where tenant_id = $1 and user_id = $2 order by session_id`,
      [tenant, userId],
    );

  it('keeps the json text of the stat equal to the jsonb printed, through inserts and updates', async () => {
    const slept = sleepData({ start: '2025-03-10T14:00:00Z' });
    // Values Postgres prints otherwise than JavaScript (exponents, very small and large numbers).
    const odd = sleepData({ start: '2025-03-11T14:00:00Z' });
    const stat = { ...odd.stat!, sleep_efficiency: 0.1, breathing_index: 1e-7, time_in_bed: 1e21 };
    const never = sleepData({ start: '2025-03-12T14:00:00Z', neverSlept: true });
    await writer.apply(
      factIntents([
        completedEvent(tenant, userId, slept),
        completedEvent(tenant, userId, { ...odd, stat }),
        completedEvent(tenant, userId, never),
      ]),
    );
    // A re-completion replaces the stat.
    const changed = { ...slept.stat!, sleep_index: 55, sleep_cycle_time: ['2025-03-10T15:00:00Z'] };
    await writer.apply(
      factIntents([completedEvent(tenant, userId, { ...slept, stat: changed }, 2)]),
    );

    const rows = await texts();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.stored).toBe(row.jsonb);
    expect(rows.filter((row) => row.stored === null)).toHaveLength(1);
    expect(rows.some((row) => row.stored?.includes('"sleep_index": 55'))).toBe(true);
  });

  it('answers A1 with the same stats as the jsonb holds', async () => {
    const read = await queries.aroundStartDates(tenant, userId, '2025-03-10', '2025-03-12');
    const stored = await database.query<{ session_id: string; stat: unknown }>(
      `select session_id, stat from analytics.nightly_facts where tenant_id = $1 and user_id = $2
       order by start_at, session_id`,
      [tenant, userId],
    );
    expect(read.map((row) => [row.session_id, row.stat])).toEqual(
      stored.map((row) => [row.session_id, row.stat]),
    );
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

  it('sends the stored text: the statement reads stat_json, never prints the jsonb', async () => {
    const { Output: output } = await a1Plan();
    expect(output).toContain('stat_json');
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
        'INCLUDE (start_at, session_id, end_at, zone, peculiarities, stat_json)',
      );
    } finally {
      await embedded.close();
    }
  });
});
