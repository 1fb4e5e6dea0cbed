import type { AnalyticsRules, Stat } from '@sleep/contracts';
import type { Transaction } from '@sleep/persistence';
import type { ScoreWeights } from '@sleep/sleep-metrics';
import { sql } from 'drizzle-orm';
import { ANALYTICS_LOCK_SPACE } from '../facts/fact-writer';
import { type NightlyFact, placeNight } from '../facts/nightly-fact';
import { ALL_DAYS, refreshOrgDays } from '../org/org-rollups';
import { insertReports, type ReportToInsert } from '../rebuild/bulk-inserts';
import { type Columns, copyRows } from '../rebuild/copy-rows';
import { projectUser, type ProjectedInsight } from '../rebuild/user-projection';
import { jsonbMd5 } from './jsonb-text';

type Tx = Transaction<Record<string, unknown>>;
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

interface StoredNight {
  user_id: string;
  session_id: string;
  version: number;
  start_ms: number;
  end_ms: number;
  created_timezone: string | null;
  zone: string;
  peculiarities: string[];
  missing_data_ratio: number | null;
  stat: Stat | null;
  slept: boolean;
  sleep_stages: Buffer | null;
  start_date: string;
  sleep_day: string;
  is_nap: boolean;
  is_main_sleep: boolean;
  score: number | null;
  score_version: string | null;
  /** `md5(score_detail::text)`: the detail itself is read only to be compared. */
  score_detail_md5: string | null;
}

const NIGHT_COLUMNS = sql.raw(`user_id, session_id, version,
  (extract(epoch from start_at) * 1000)::float8 as start_ms, (extract(epoch from end_at) * 1000)::float8 as end_ms,
  created_timezone, zone, peculiarities, missing_data_ratio, stat, slept, sleep_stages,
  start_date::text as start_date, sleep_day::text as sleep_day, is_nap, is_main_sleep, score,
  score_version, md5(score_detail::text) as score_detail_md5`);

/** The tenant's settings a user's nights are projected under. */
export interface TenantSettings {
  rules: AnalyticsRules;
  weights: ScoreWeights | null;
}

/**
 * Brings whole users of one tenant to the tenant's current rules and weights, as if every night
 * had been ingested under them (the rebuild's `projectUser`): each night placed again
 * (`placeNight`), main sleeps, scores, then the reports and insights, all computed in memory from
 * one read of the users' nights; written set-based for the batch: the nights that changed, the
 * starts of moved nights, the users' reports and insights replaced, `org_user_days` refreshed.
 * Under the writer's per-user locks (taken in its order), so live ingestion never interleaves.
 * Starts of nights that never completed keep their day (their zone is not stored). The atom
 * rollups do not follow (`analytics.defer_rollups`): the caller builds the tenant's afterwards.
 */
export async function reprojectUsers(
  tx: Tx,
  tenantId: string,
  userIds: readonly string[],
  settings: TenantSettings,
  nowMs: number,
): Promise<number> {
  const ids = sql.param(userIds);
  await tx.execute(sql`select set_config('analytics.defer_rollups', 'on', true)`);
  await tx.execute(
    sql`select pg_advisory_xact_lock(${ANALYTICS_LOCK_SPACE}, h)
        from (select distinct hashtext(${tenantId} || ':' || u) as h from unnest(${ids}::text[]) u order by h) as l`,
  );
  const births = new Map(
    rowsOf<{ user_id: string; birth_year: number | null }>(
      await tx.execute(
        sql`select user_id, birth_year from analytics.user_profiles
            where tenant_id = ${tenantId} and user_id = any(${ids}::text[])`,
      ),
    ).map((p) => [p.user_id, p.birth_year]),
  );
  const byUser = new Map<string, StoredNight[]>();
  for (const row of rowsOf<StoredNight>(
    await tx.execute(
      sql`select ${NIGHT_COLUMNS} from analytics.nightly_facts
          where tenant_id = ${tenantId} and user_id = any(${ids}::text[])`,
    ),
  )) {
    const list = byUser.get(row.user_id);
    if (list) list.push(row);
    else byUser.set(row.user_id, [row]);
  }

  const changed: Record<string, unknown>[] = [];
  const reports: ReportToInsert[] = [];
  const insights: (ProjectedInsight & { userId: string })[] = [];
  let moved = 0;
  for (const [userId, nights] of byUser) {
    const facts = nights.map((n) => factOf(tenantId, n, settings.rules));
    const projection = projectUser(
      userId,
      facts,
      {
        weights: settings.weights,
        birthYear: births.get(userId) ?? null,
        freeDays: settings.rules.freeDays,
      },
      nowMs,
    );
    projection.facts.forEach((p, i) => {
      const before = nights[i] as StoredNight;
      // A new score means a new detail (it holds every input and weight): no need to compare.
      const detailKept =
        p.score === before.score &&
        before.score_detail_md5 !== null &&
        jsonbMd5(p.scoreDetail ?? null) === before.score_detail_md5;
      const placed =
        p.fact.zone !== before.zone ||
        p.fact.startDate !== before.start_date ||
        p.fact.sleepDay !== before.sleep_day ||
        p.fact.isNap !== before.is_nap;
      if (placed) moved++;
      if (
        placed ||
        p.isMainSleep !== before.is_main_sleep ||
        p.score !== before.score ||
        p.scoreVersion !== before.score_version ||
        !detailKept
      )
        changed.push({
          user_id: userId,
          session_id: p.fact.sessionId,
          zone: p.fact.zone,
          start_date: p.fact.startDate,
          sleep_day: p.fact.sleepDay,
          is_nap: p.fact.isNap,
          is_main_sleep: p.isMainSleep,
          score: p.score,
          score_version: p.scoreVersion,
          // An unchanged detail (a sleep-day rule change keeps most) is not sent again.
          detail_kept: detailKept,
          score_detail: detailKept ? null : (p.scoreDetail ?? null),
        });
    });
    for (const { period, zone, report } of projection.reports)
      reports.push({
        tenantId,
        userId,
        kind: period.kind,
        periodStart: period.startDate,
        periodEnd: period.endDate,
        zone,
        body: report,
      });
    for (const insight of projection.insights) insights.push({ ...insight, userId });
  }

  await writeNights(tx, tenantId, userIds, changed);
  if (moved > 0)
    await tx.execute(
      sql`update analytics.session_starts s set day = f.sleep_day
          from analytics.nightly_facts f
          where s.tenant_id = ${tenantId} and s.user_id = any(${ids}::text[])
            and f.tenant_id = s.tenant_id and f.user_id = s.user_id and f.session_id = s.session_id
            and s.day <> f.sleep_day`,
    );
  await replaceReports(tx, tenantId, userIds, reports, insights);
  await refreshOrgDays(
    tx,
    userIds.map((userId) => ({ tenantId, userId, day: ALL_DAYS })),
  );
  return moved;
}

/** A stored night as ingestion builds it, placed under `rules`. */
function factOf(tenantId: string, n: StoredNight, rules: AnalyticsRules): NightlyFact {
  return {
    tenantId,
    userId: n.user_id,
    sessionId: n.session_id,
    version: n.version,
    startAt: new Date(n.start_ms),
    endAt: new Date(n.end_ms),
    createdTimezone: n.created_timezone,
    peculiarities: n.peculiarities,
    missingDataRatio: n.missing_data_ratio,
    stat: n.stat,
    slept: n.slept,
    sleepStages: n.sleep_stages,
    ...placeNight(n.start_ms, n.end_ms, n.created_timezone, rules),
  };
}

// prettier-ignore
const CHANGED_COLUMNS: Columns = [
  ['user_id', 'text'], ['session_id', 'text'], ['zone', 'text'], ['start_date', 'date'],
  ['sleep_day', 'date'], ['is_nap', 'bool'], ['is_main_sleep', 'bool'], ['score', 'smallint'],
  ['score_version', 'text'], ['detail_kept', 'bool'], ['score_detail', 'jsonb'],
];

/** The changed nights copied into a temporary table (`COPY`, as the rebuild), then one update. */
async function writeNights(
  tx: Tx,
  tenantId: string,
  userIds: readonly string[],
  changed: readonly Record<string, unknown>[],
) {
  if (changed.length === 0) return;
  await tx.execute(
    sql.raw(`create temp table recomputed_nights (
      ${CHANGED_COLUMNS.map(([name, kind]) => `${name} ${kind}`).join(', ')}) on commit drop`),
  );
  await copyRows(tx, 'pg_temp.recomputed_nights', CHANGED_COLUMNS, changed);
  await tx.execute(
    sql`update analytics.nightly_facts f
        set zone = c.zone, start_date = c.start_date, sleep_day = c.sleep_day, is_nap = c.is_nap,
            is_main_sleep = c.is_main_sleep, score = c.score, score_version = c.score_version,
            score_detail = case when c.detail_kept then f.score_detail else c.score_detail end
        from pg_temp.recomputed_nights c
        where f.tenant_id = ${tenantId} and f.user_id = any(${sql.param(userIds)}::text[])
          and f.user_id = c.user_id and f.session_id = c.session_id`,
  );
}

/** The users' reports and insights become the projection's (insight ids are global: upserted). */
async function replaceReports(
  tx: Tx,
  tenantId: string,
  userIds: readonly string[],
  reports: readonly ReportToInsert[],
  insights: readonly (ProjectedInsight & { userId: string })[],
) {
  const ids = sql.param(userIds);
  await tx.execute(
    sql`delete from analytics.reports where tenant_id = ${tenantId} and user_id = any(${ids}::text[])`,
  );
  await tx.execute(
    sql`delete from analytics.insights where tenant_id = ${tenantId} and user_id = any(${ids}::text[])`,
  );
  await insertReports(tx, reports);
  for (let i = 0; i < insights.length; i += 2_000) {
    const document = JSON.stringify(
      insights.slice(i, i + 2_000).map((x) => ({
        id: x.id,
        user_id: x.userId,
        rule: x.rule,
        sleep_day: x.sleepDay,
        body: x.body,
      })),
    );
    await tx.execute(
      sql`insert into analytics.insights (id, tenant_id, user_id, rule, sleep_day, body)
          select id, ${tenantId}, user_id, rule, sleep_day, body
          from json_to_recordset(${document}::json) as r(id text, user_id text, rule text, sleep_day date, body jsonb)
          on conflict (id) do update set body = excluded.body, sleep_day = excluded.sleep_day`,
    );
  }
}
