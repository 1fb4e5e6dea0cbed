import type { AnyDatabaseHandle } from '@sleep/persistence';

/** A user's profile as breakdowns group it. */
export interface ProfileRow {
  user_id: string;
  birth_year: number | null;
  gender: string | null;
  tags: string[];
}

/** A group's counts; `cell` null: the whole tenant. */
export interface CountRow {
  cell: string | null;
  users: number;
  active: number;
  nights: number;
  started: number;
  completed: number;
  /** Completeness SLO: completed by the due time, after it, never (past due), not yet due. */
  completedOnTime: number;
  completedLate: number;
  missing: number;
  pending: number;
}

/** How often a group has each value of a metric (values are discrete: whole seconds, 2 dp...). */
export interface HistogramRow {
  cell: string;
  metric: string;
  value: number;
  n: number;
}

/** Every profiled user's combination of all dimensions (atom) and group (cell) of the query. */
export interface Membership {
  userIds: string[];
  atoms: string[];
  cells: string[];
  /** The atom and group of a user without a profile. */
  fallbackAtom: string;
  fallbackCell: string;
}

/**
 * A stored atom: `org_atom(birth year, gender, tags)` of a profile, the JSON text
 * `[birthYear, gender, tags]`. Users without a profile have `[null, null, []]`.
 */
export type StoredAtom = string;

/** An atom's sums on one sleep day (`users`: users with a row that day). */
export interface AtomDayRow {
  atom: StoredAtom;
  day: string;
  users: number;
  nights: number;
  started: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
}

/** An atom's distinct users with a row in the period, and with a night. */
export interface AtomUsersRow {
  atom: StoredAtom;
  users: number;
  active: number;
}

/** An atom's starts without completion: past their due time (missing), or not yet (pending). */
export interface AtomOpenRow {
  atom: StoredAtom;
  missing: number;
  pending: number;
}

/** An atom's users with a weekly SRI for the week starting `week`. */
export interface AtomWeekRow {
  atom: StoredAtom;
  week: string;
  n: number;
}

// $1 tenant, $2 from, $3 to. Months are the rollups' first days of months; a month's last day:
const MONTH_END = `(month + interval '1 month' - interval '1 day')::date`;
const MONTHS = `month between date_trunc('month', $2::date)::date and $3::date`;
const WEEKS = `from analytics.reports r left join analytics.user_profiles p using (tenant_id, user_id)`;
const IN_PERIOD = `r.tenant_id = $1 and r.kind = 'week' and r.period_start >= $2::date
                   and r.period_end <= $3::date and r.sri is not null`;
const ATOM_OF_PROFILE = 'analytics.org_atom(p.birth_year, p.gender, p.tags)';

/**
 * The reads of a tenant statistic, all over rollups kept per atom: `org_atom_days`,
 * `org_user_months` (distinct users of the period), `org_atom_values` (histograms),
 * `org_open_days` (open starts) and the weekly reports' `sri`. The caller maps atoms
 * to the query's atoms and groups (`org-atoms.ts`), so the age band and tag rules stay in code.
 */
export class OrgStatsQueries {
  constructor(private readonly database: AnyDatabaseHandle) {}

  atomDays(tenantId: string, from: string, to: string): Promise<AtomDayRow[]> {
    return this.database.query(
      `select atom, day::text as day, users, nights, started, completed,
              completed_on_time as "completedOnTime", completed_late as "completedLate"
       from analytics.org_atom_days where tenant_id = $1 and day between $2::date and $3::date`,
      [tenantId, from, to],
    );
  }

  /** From each user's bits of days in the months the period touches, masked to the period. */
  atomUsers(tenantId: string, from: string, to: string): Promise<AtomUsersRow[]> {
    return this.database.query(
      `select atom, (count(*) filter (where seen))::int as users, (count(*) filter (where active))::int as active
       from (select user_id, max(atom) as atom, bool_or(days & mask <> 0) as seen,
                    bool_or(active_days & mask <> 0) as active
             from analytics.org_user_months,
                  lateral (select (1::int8 << (least($3::date, ${MONTH_END}) - month + 1))
                                  - (1::int8 << (greatest($2::date, month) - month)) as mask) w
             where tenant_id = $1 and ${MONTHS}
             group by user_id) u
       where seen group by atom`,
      [tenantId, from, to],
    );
  }

  atomOpen(tenantId: string, from: string, to: string): Promise<AtomOpenRow[]> {
    return this.database.query(
      `select atom, coalesce(sum(open) filter (where open_due_at <= now()), 0)::int as missing,
              coalesce(sum(open) filter (where open_due_at > now()), 0)::int as pending
       from analytics.org_open_days where tenant_id = $1 and day between $2::date and $3::date
       group by atom`,
      [tenantId, from, to],
    );
  }

  atomWeeks(tenantId: string, from: string, to: string): Promise<AtomWeekRow[]> {
    return this.database.query(
      `select ${ATOM_OF_PROFILE} as atom, r.period_start::text as week, count(*)::int as n
       ${WEEKS} where ${IN_PERIOD} group by 1, 2`,
      [tenantId, from, to],
    );
  }

  /**
   * Each group's histogram of every metric over the counted atoms (`atoms[i]` is in group
   * `cells[i]`; atoms not listed count nowhere). A month's count within the period is a
   * difference of its running counts.
   */
  histograms(
    tenantId: string,
    from: string,
    to: string,
    atoms: readonly StoredAtom[],
    cells: readonly string[],
  ): Promise<HistogramRow[]> {
    return this.database.query(
      `with m as (select * from unnest($4::text[], $5::text[]) as m(atom, cell)),
            days as (
              select m.cell, v.metric, v.value,
                     sum(v.running[least($3::date, ${MONTH_END}) - v.month + 2]
                         - v.running[greatest($2::date, v.month) - v.month + 1])::int as n
              from analytics.org_atom_values v join m using (atom)
              where v.tenant_id = $1 and v.${MONTHS}
              group by 1, 2, 3)
       select cell, metric, value, n from days where n > 0
       union all
       select m.cell, 'sri', r.sri, count(*)::int
       ${WEEKS} join m on m.atom = ${ATOM_OF_PROFILE} where ${IN_PERIOD}
       group by m.cell, r.sri`,
      [tenantId, from, to, atoms, cells],
    );
  }
}
