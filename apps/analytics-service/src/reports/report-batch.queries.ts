import type { AnyDatabaseHandle } from '@sleep/persistence';
import type { Insight, ReportPeriod, SleepReport } from '@sleep/sleep-metrics';
import { FACT_COLUMNS, type FactRow } from '../facts/fact-row';

/** A user of a batch: reads and writes of many users' reports in one statement each. */
export interface BatchUser {
  tenantId: string;
  userId: string;
}

const keysOf = (users: readonly BatchUser[]) => [
  users.map((u) => u.tenantId),
  users.map((u) => u.userId),
];
const KEYS = 'unnest($1::text[], $2::text[]) as k(tenant_id, user_id)';

/** Per user: the zone of their latest night (null: none) and their birth year. */
export function zonesAndBirthYears(
  database: AnyDatabaseHandle,
  users: readonly BatchUser[],
): Promise<
  { tenant_id: string; user_id: string; zone: string | null; birth_year: number | null }[]
> {
  return database.query(
    `select k.tenant_id, k.user_id,
            (select zone from analytics.nightly_facts f where f.tenant_id = k.tenant_id and f.user_id = k.user_id
             order by sleep_day desc, start_at desc limit 1) as zone,
            (select birth_year from analytics.user_profiles p where p.tenant_id = k.tenant_id and p.user_id = k.user_id) as birth_year
     from ${KEYS}`,
    keysOf(users),
  );
}

/**
 * A report reads each night's score, never its score detail; and stages only for the SRI, whose
 * grid runs from the previous period's first local midnight to the day after the period's end.
 * Stages are read for every night overlapping those dates widened by a day each side (every
 * zone's midnight of a date lies within a day of its UTC midnight), so no night the SRI can see
 * loses its stages; the insights' lookback before that moves no stages.
 */
const REPORT_COLUMNS = FACT_COLUMNS.replace('score_detail', 'null::jsonb as score_detail').replace(
  'sleep_stages',
  `case when end_at > ($5::date - 1)::timestamp at time zone 'UTC'
          and start_at < ($6::date + 2)::timestamp at time zone 'UTC' then sleep_stages end as sleep_stages`,
);

/**
 * The users' facts with a sleep day in [from, to] (stages only near the SRI's `regularity` dates),
 * each user's by start (as `bySleepDay`); users
 * may interleave. Each user's few rows are ranked in the server's own order (`position`) on the
 * (tenant, user, sleep day) index and put in that order here: one sort of the whole batch's wide
 * rows spilled to disk and was most of the statement's time.
 */
export async function factsOfUsers(
  database: AnyDatabaseHandle,
  users: readonly BatchUser[],
  from: string,
  to: string,
  regularity: { from: string; to: string },
): Promise<(FactRow & { tenant_id: string })[]> {
  const rows = await database.query<FactRow & { tenant_id: string; position: number }>(
    // Inside the lateral subquery unqualified names are the facts' own columns.
    `select f.* from ${KEYS} cross join lateral (
       select tenant_id, ${REPORT_COLUMNS},
              (row_number() over (order by start_at, session_id))::int as position
       from analytics.nightly_facts
       where tenant_id = k.tenant_id and user_id = k.user_id and sleep_day between $3 and $4
     ) f`,
    [...keysOf(users), from, to, regularity.from, regularity.to],
  );
  // Stable: ordering every row by its rank within its user orders each user's rows.
  return rows.sort((a, b) => a.position - b.position);
}

export interface ReportToStore {
  user: BatchUser;
  zone: string;
  report: SleepReport;
  body: string;
}

/** Upserts the reports of one period; returns the users whose stored report is new or changed. */
export async function upsertReports(
  database: AnyDatabaseHandle,
  period: ReportPeriod,
  reports: readonly ReportToStore[],
): Promise<Set<string>> {
  const rows = await database.query<{ tenant_id: string; user_id: string }>(
    `insert into analytics.reports (tenant_id, user_id, kind, period_start, period_end, zone, body)
     select r.tenant_id, r.user_id, $4, $5, $6, r.zone, r.body::jsonb
     from unnest($1::text[], $2::text[], $3::text[], $7::text[]) as r(tenant_id, user_id, zone, body)
     on conflict (tenant_id, user_id, kind, period_start) do update
       set period_end = excluded.period_end, zone = excluded.zone, body = excluded.body
       where analytics.reports.body is distinct from excluded.body
     returning tenant_id, user_id`,
    [
      reports.map((r) => r.user.tenantId),
      reports.map((r) => r.user.userId),
      reports.map((r) => r.zone),
      period.kind,
      period.startDate,
      period.endDate,
      reports.map((r) => r.body),
    ],
  );
  return new Set(rows.map((r) => `${r.tenant_id}\u0000${r.user_id}`));
}

/** Deletes the users' insights of this period (they are re-evaluated); returns what was there. */
export function deletePeriodInsights(
  database: AnyDatabaseHandle,
  users: readonly BatchUser[],
  period: ReportPeriod,
): Promise<{ tenant_id: string; user_id: string; id: string; body: unknown }[]> {
  return database.query(
    `delete from analytics.insights i using ${KEYS}
     where i.tenant_id = k.tenant_id and i.user_id = k.user_id and i.body->>'periodKey' = $3 and i.sleep_day = $4
     returning i.tenant_id, i.user_id, i.id, i.body`,
    [...keysOf(users), period.key, period.endDate],
  );
}

/** Per user and rule: the latest insight on or before `day` (the cool-down's last emission). */
export function lastInsights(
  database: AnyDatabaseHandle,
  users: readonly BatchUser[],
  day: string,
): Promise<
  {
    tenant_id: string;
    user_id: string;
    rule: string;
    id: string;
    sleep_day: string;
    severity: Insight['severity'];
  }[]
> {
  return database.query(
    `select distinct on (i.tenant_id, i.user_id, i.rule) i.tenant_id, i.user_id, i.rule, i.id,
            i.sleep_day::text as sleep_day, i.body->>'severity' as severity
     from ${KEYS} join analytics.insights i on i.tenant_id = k.tenant_id and i.user_id = k.user_id
     where i.sleep_day <= $3
     order by i.tenant_id, i.user_id, i.rule, i.sleep_day desc`,
    [...keysOf(users), day],
  );
}

export interface InsightToStore {
  user: BatchUser;
  insight: Insight;
  sleepDay: string;
  body: string;
}

export async function upsertInsights(
  database: AnyDatabaseHandle,
  rows: readonly InsightToStore[],
): Promise<void> {
  if (rows.length === 0) return;
  await database.query(
    `insert into analytics.insights (id, tenant_id, user_id, rule, sleep_day, body)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::jsonb[])
     on conflict (id) do update set body = excluded.body, sleep_day = excluded.sleep_day`,
    [
      rows.map((r) => r.insight.id),
      rows.map((r) => r.user.tenantId),
      rows.map((r) => r.user.userId),
      rows.map((r) => r.insight.rule),
      rows.map((r) => r.sleepDay),
      rows.map((r) => r.body),
    ],
  );
}
