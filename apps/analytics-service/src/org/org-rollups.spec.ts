import { join } from 'node:path';
import { OrgStatsQuerySchema } from '@sleep/contracts';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import { type SQL, sql } from 'drizzle-orm';
import { readOrgStatsByScan } from '../testing/org-stats-by-scan';
import { readOrgStats } from './org-stats';
import { OrgStatsQueries } from './org-stats.queries';

const tenant = 'rollups';
const DAY_MS = 86_400_000;
/** 40 sleep days across a month's end: 2025-02-10 .. 2025-03-21. */
const dayOf = (i: number) =>
  new Date(Date.parse('2025-02-10') + i * DAY_MS).toISOString().slice(0, 10);
const DAYS = 40;

/** A small deterministic generator (mulberry32): the same random data on every run. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
  };
}

interface Profile {
  birthYear: number | null;
  gender: string | null;
  tags: string[];
}

const rng = random(20_250_301);
/** Mostly eight large atoms; one user in ten in small ones (no profile values, an extra tag). */
const randomProfile = (): Profile =>
  rng.next() < 0.9
    ? {
        // 1990 and 1991 share an age band: two stored atoms in one atom of a query.
        birthYear: rng.pick([1990, 1991, 1970]),
        gender: rng.pick(['female', 'male']),
        tags: rng.pick([['team:a'], ['team:b']]),
      }
    : {
        birthYear: rng.pick([1970, null]),
        gender: rng.pick(['male', null]),
        tags: rng.pick([['team:a', 'arm:x'], ['arm:x', 'team:b'], []]),
      };

describe('tenant statistics from the atom rollups (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;
  const users = Array.from({ length: 200 }, (_, i) => `rollup-user-${i}`);

  beforeAll(async () => {
    target = await createTestDatabase('analytics_org_rollups');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
  });

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  const setProfile = (userId: string, p: Profile) =>
    database.query(
      `insert into analytics.user_profiles (tenant_id, user_id, birth_year, gender, tags) values ($1, $2, $3, $4, $5)
       on conflict (tenant_id, user_id) do update
         set birth_year = excluded.birth_year, gender = excluded.gender, tags = excluded.tags`,
      [tenant, userId, p.birthYear, p.gender, p.tags],
    );

  /** Random rows of `org_user_days` for some users and days, as the refresh writes them. */
  async function writeDays(who: readonly string[], from: number, to: number) {
    const rows: unknown[][] = [];
    for (const userId of who)
      for (let i = from; i <= to; i++) {
        if (rng.next() < 0.15) continue;
        const nights = rng.next() < 0.1 ? 0 : 1 + rng.int(2);
        const slept = nights > 0 && rng.next() < 0.9;
        const started = nights + rng.int(2);
        const open = rng.next() < 0.1 ? 1 : 0;
        rows.push([
          userId,
          dayOf(i),
          nights,
          started,
          Math.min(started, nights),
          slept ? 40 + rng.int(60) : null,
          slept ? 18_000 + rng.int(40) * 300 : null,
          slept ? Math.round((0.7 + rng.int(30) / 100) * 100) / 100 : null,
          slept ? rng.int(20) * 60 : null,
          rng.int(2),
          rng.int(2),
          open,
          // Well away from now: past (missing) or future (pending) on both reads.
          open ? new Date(Date.now() + (rng.next() < 0.5 ? -1 : 1) * 30 * DAY_MS) : null,
        ]);
      }
    const column = (i: number) => rows.map((r) => r[i]);
    await database.query(
      `insert into analytics.org_user_days (tenant_id, user_id, day, nights, started, completed, score,
         time_in_sleep, efficiency, latency, completed_on_time, completed_late, open, open_due_at, atom)
       select $1, r.*, coalesce((select analytics.org_atom(p.birth_year, p.gender, p.tags) from analytics.user_profiles p
                                 where p.tenant_id = $1 and p.user_id = r.user_id),
                                analytics.org_atom(null, null, null))
       from unnest($2::text[], $3::date[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[],
                   $9::float8[], $10::int[], $11::int[], $12::int[], $13::int[], $14::timestamptz[])
            as r(user_id, day, nights, started, completed, score, time_in_sleep, efficiency, latency,
                 completed_on_time, completed_late, open, open_due_at)
       on conflict (tenant_id, day, user_id) do nothing`,
      [tenant, ...Array.from({ length: 13 }, (_, i) => column(i))],
    );
  }

  async function writeWeeks() {
    // Weekly SRIs of Mondays in range, for most users (discrete values: shared bins).
    for (const userId of users)
      for (const monday of ['2025-02-10', '2025-02-17', '2025-02-24', '2025-03-03', '2025-03-10'])
        if (rng.next() < 0.8)
          await database.query(
            `insert into analytics.reports (tenant_id, user_id, kind, period_start, period_end, zone, body)
             values ($1, $2, 'week', $3::date, $3::date + 6, 'UTC', $4)`,
            [tenant, userId, monday, { sri: 50 + rng.int(20) }],
          );
  }

  it('answers exactly as a scan of every user-day, through writes, deletions and profile changes', async () => {
    for (const userId of users.slice(0, 180)) await setProfile(userId, randomProfile());
    // Twenty users have no profile at first; rows arrive before some profiles do.
    await writeDays(users, 0, 24);
    for (const userId of users.slice(180, 190)) await setProfile(userId, randomProfile());
    await writeDays(users, 25, DAYS - 1);
    await writeWeeks();
    // Churn: values change, days disappear, profiles move users between atoms or go away.
    await database.query(
      `update analytics.org_user_days set score = score + 1, nights = nights + 1
       where tenant_id = $1 and score is not null and (hashtext(user_id || day) % 4) = 0`,
      [tenant],
    );
    await database.query(
      `delete from analytics.org_user_days where tenant_id = $1 and (hashtext(user_id || day) % 7) = 0`,
      [tenant],
    );
    for (const userId of users.slice(0, 30)) await setProfile(userId, randomProfile());
    await database.query(
      `delete from analytics.user_profiles where tenant_id = $1 and user_id = any($2::text[])`,
      [tenant, users.slice(30, 33)],
    );

    const fast = new OrgStatsQueries(database);
    let shown = 0;
    for (let i = 0; i < 40; i++) {
      const a = rng.int(DAYS);
      const b = rng.int(DAYS);
      const query = OrgStatsQuerySchema.parse({
        tenantId: tenant,
        from: dayOf(Math.min(a, b)),
        to: dayOf(Math.max(a, b)),
        dimensions: rng.pick([[], ['ageBand'], ['gender', 'tag:team'], ['tag:arm', 'ageBand']]),
        minGroupSize: rng.pick([5, 6, 8]),
      });
      const expected = await readOrgStatsByScan(database, query);
      expect(await readOrgStats(fast, query)).toEqual(expected);
      if (!expected.total.suppressed) shown++;
    }
    // The comparison is not vacuous: many answers carry numbers.
    expect(shown).toBeGreaterThan(10);
  }, 120_000);

  it('the rollups equal those built at once from org_user_days', async () => {
    const read = (sql: string) => database.query(`${sql} order by 1, 2, 3, 4, 5`);
    expect(await read('select * from analytics.org_atom_days')).toEqual(
      await read(
        `select tenant_id, atom, day, count(*)::int as users, sum(nights)::int as nights,
                sum(started)::int as started, sum(completed)::int as completed,
                sum(completed_on_time)::int as completed_on_time, sum(completed_late)::int as completed_late
         from analytics.org_user_days group by tenant_id, atom, day`,
      ),
    );
    expect(
      await read(
        'select tenant_id, user_id, month, atom, days, active_days from analytics.org_user_months',
      ),
    ).toEqual(
      await read(
        `select tenant_id, user_id, date_trunc('month', day)::date as month, max(atom) as atom,
                bit_or(1 << (extract(day from day)::int - 1)) as days,
                coalesce(bit_or(1 << (extract(day from day)::int - 1)) filter (where nights > 0), 0) as active_days
         from analytics.org_user_days group by 1, 2, 3`,
      ),
    );
    expect(await read('select * from analytics.org_open_days')).toEqual(
      await read(
        `select tenant_id, day, user_id, atom, open, open_due_at from analytics.org_user_days where open > 0`,
      ),
    );
    const values = await read(
      `select tenant_id, atom, metric, value, month, running from analytics.org_atom_values`,
    );
    expect(values.length).toBeGreaterThan(0);
    expect(values).toEqual(
      await read(
        `select tenant_id, atom, metric, value, month, analytics.org_running(array_agg(dom), array_agg(n)) as running
         from (select o.tenant_id, o.atom, m.metric, m.value, date_trunc('month', o.day)::date as month,
                      extract(day from o.day)::int as dom, count(*)::int as n
               from analytics.org_user_days o
               cross join lateral (values ('score', o.score::float8), ('time_in_sleep', o.time_in_sleep::float8),
                                          ('efficiency', o.efficiency), ('latency', o.latency::float8)) m(metric, value)
               where m.value is not null group by 1, 2, 3, 4, 5, 6) v
         group by 1, 2, 3, 4, 5`,
      ),
    );
  });

  it("a tenant's rollups rebuilt at once equal those the triggers kept; other tenants' are left alone", async () => {
    const rollups = ['org_atom_days', 'org_atom_values', 'org_open_days', 'org_user_months'];
    const read = async (tenantId: string) => {
      const tables: Record<string, unknown[]> = {};
      for (const table of rollups)
        tables[table] = await database.query(
          `select * from analytics.${table} where tenant_id = $1 order by 1, 2, 3, 4, 5`,
          [tenantId],
        );
      return tables;
    };
    const kept = await read(tenant);
    expect(kept['org_atom_values']?.length).toBeGreaterThan(0);
    // Another tenant's user-day written with its rollups deferred: it has none and keeps none.
    const deferred = (statement: SQL) =>
      database.transaction(async (tx) => {
        await tx.execute(sql`select set_config('analytics.defer_rollups', 'on', true)`);
        await tx.execute(statement);
      });
    await deferred(
      sql`insert into analytics.org_user_days (tenant_id, user_id, day, nights, started, completed,
            score, completed_on_time, completed_late, open, atom)
          values ('other', 'u', '2025-02-10', 1, 1, 1, 70, 1, 0, 0, analytics.org_atom(null, null, null))`,
    );
    for (const table of rollups)
      await database.query(`delete from analytics.${table} where tenant_id = $1`, [tenant]);

    await database.query('select analytics.org_rebuild_tenant_rollups($1)', [tenant]);
    expect(await read(tenant)).toEqual(kept);
    expect(await read('other')).toEqual(Object.fromEntries(rollups.map((table) => [table, []])));
    await deferred(sql`delete from analytics.org_user_days where tenant_id = 'other'`);
  }, 60_000);

  it('a deleted tenant leaves no rollup, whatever order its tables are emptied in', async () => {
    const rollups = ['org_atom_values', 'org_atom_days', 'org_open_days', 'org_user_months'];
    for (const table of [...rollups.slice(0, 3), 'org_user_days', 'org_user_months'])
      await database.query(`delete from analytics.${table} where tenant_id = $1`, [tenant]);
    for (const table of rollups)
      expect(await database.query(`select 1 from analytics.${table}`)).toEqual([]);
  });
});
