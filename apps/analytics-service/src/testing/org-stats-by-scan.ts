// Test support: tenant statistics computed the straightforward way, by scanning `org_user_days`
// and the weekly reports per request with every user's atom computed from the profiles. The
// rollup path must answer exactly the same.
import type { OrgStatsResult } from '@sleep/analytics-rpc';
import type { OrgStatsQuery } from '@sleep/contracts';
import type { AnyDatabaseHandle } from '@sleep/persistence';
import { assembleOrgStats, membershipOf } from '../org/org-stats';
import type { CountRow, HistogramRow, Membership, ProfileRow } from '../org/org-stats.queries';

// $1 tenant, $2 from, $3 to, $4 users, $5 atoms, $6 cells, $7 fallback atom, $8 fallback cell.
// Every column but the stored atom: atoms come from the profiles here.
const DAY_ROWS = `(select day, user_id, nights, started, completed, score, time_in_sleep, efficiency, latency,
                          completed_on_time, completed_late, open, open_due_at
                   from analytics.org_user_days where tenant_id = $1 and day between $2::date and $3::date)`;
const WEEK_ROWS = `(select user_id, period_start, sri from analytics.reports
                    where tenant_id = $1 and kind = 'week' and period_start >= $2::date
                      and period_end <= $3::date and sri is not null)`;
const MEMBERS = `m as (select * from unnest($4::text[], $5::text[], $6::text[]) as m(user_id, atom, cell))`;
const rows = (name: string, source: string) =>
  `${name} as (select coalesce(m.atom, $7) as atom, coalesce(m.cell, $8) as cell, s.*
               from ${source} s left join m using (user_id))`;
const grouped = (source: string) => `${MEMBERS}, ${rows('r', source)}`;

class OrgStatsScan {
  constructor(private readonly database: AnyDatabaseHandle) {}

  profiles(tenantId: string): Promise<ProfileRow[]> {
    return this.database.query<ProfileRow>(
      `select user_id, birth_year, gender, tags from analytics.user_profiles where tenant_id = $1`,
      [tenantId],
    );
  }

  private params(tenantId: string, from: string, to: string, m: Membership): unknown[] {
    return [tenantId, from, to, m.userIds, m.atoms, m.cells, m.fallbackAtom, m.fallbackCell];
  }

  /**
   * Atoms that are not k-anonymous in the period: fewer than k distinct users, or a sleep day (a
   * week of SRIs) with 1..k-1 of them. Returned with their group, so a group left empty is still
   * listed (suppressed). Hash aggregates only: rows are unique per user and day.
   */
  async rareAtoms(
    tenantId: string,
    from: string,
    to: string,
    membership: Membership,
    k: number,
  ): Promise<{ atom: string; cell: string }[]> {
    return this.database.query(
      `with ${MEMBERS}, ${rows('r', DAY_ROWS)}, ${rows('w', WEEK_ROWS)},
            slices as (
              select atom, cell, 'd' || day::text as slice, count(*) as n from r group by 1, 2, 3
              union all
              select atom, cell, 'w' || period_start::text, count(*) from w group by 1, 2, 3),
            users as (select atom, count(*) as n from (select atom, user_id from r group by 1, 2) x group by atom)
       select distinct s.atom, s.cell from slices s join users u using (atom)
       where u.n < $9 or s.n < $9`,
      [...this.params(tenantId, from, to, membership), k],
    );
  }

  /**
   * Per group and for the whole tenant, over users outside `rare` atoms: counts, and the
   * histogram of every metric (quantiles come from them, exactly as from the sorted values).
   */
  async cells(
    tenantId: string,
    from: string,
    to: string,
    membership: Membership,
    rare: readonly string[],
  ): Promise<{ counts: CountRow[]; histograms: HistogramRow[] }> {
    const params = [...this.params(tenantId, from, to, membership), rare];
    const histogram = (column: string, source = 'f') =>
      `select cell, '${column}' as metric, ${column}::float8 as value, count(*)::int as n
       from ${source} where ${column} is not null group by cell, ${column}`;
    const [counts, days, weeks] = await Promise.all([
      this.database.query<CountRow>(
        `with ${grouped(DAY_ROWS)},
              u as (select cell, user_id, bool_or(nights > 0) as active, sum(nights) as nights,
                           sum(started) as started, sum(completed) as completed,
                           sum(completed_on_time) as on_time, sum(completed_late) as late,
                           coalesce(sum(open) filter (where open_due_at <= now()), 0) as missing,
                           coalesce(sum(open) filter (where open_due_at > now()), 0) as pending
                    from r where atom <> all($9::text[]) group by cell, user_id)
         select case when grouping(cell) = 1 then null else cell end as cell,
                count(*)::int as users, (count(*) filter (where active))::int as active,
                sum(nights)::int as nights, sum(started)::int as started, sum(completed)::int as completed,
                sum(on_time)::int as "completedOnTime", sum(late)::int as "completedLate",
                sum(missing)::int as missing, sum(pending)::int as pending
         from u group by grouping sets ((cell), ())`,
        params,
      ),
      this.database.query<HistogramRow>(
        `with ${grouped(DAY_ROWS)}, f as materialized (select * from r where atom <> all($9::text[]))
         ${['score', 'time_in_sleep', 'efficiency', 'latency'].map((c) => histogram(c)).join(' union all ')}`,
        params,
      ),
      this.database.query<HistogramRow>(
        `with ${grouped(WEEK_ROWS)} ${histogram('sri', '(select * from r where atom <> all($9::text[])) f')}`,
        params,
      ),
    ]);
    return { counts, histograms: [...days, ...weeks] };
  }
}

/** `readOrgStats` by scanning the period's rows. */
export async function readOrgStatsByScan(
  database: AnyDatabaseHandle,
  query: OrgStatsQuery,
  deadlineHours?: number,
): Promise<OrgStatsResult> {
  const scan = new OrgStatsScan(database);
  const { tenantId, from, to, dimensions, minGroupSize: k } = query;
  const membership = membershipOf(await scan.profiles(tenantId), dimensions, to);
  const rare = await scan.rareAtoms(tenantId, from, to, membership, k);
  const read = await scan.cells(
    tenantId,
    from,
    to,
    membership,
    rare.map((r) => r.atom),
  );
  return assembleOrgStats(
    query,
    read,
    rare.map((r) => r.cell),
    deadlineHours,
  );
}
