import type { AnyDatabaseHandle, Transaction } from '@sleep/persistence';
import type { ScoreWeights } from '@sleep/sleep-metrics';
import { sql } from 'drizzle-orm';
import type { FactIntent } from '../facts/fact-intents';
import { ANALYTICS_LOCK_SPACE } from '../facts/fact-writer';
import type { NightlyFact } from '../facts/nightly-fact';
import { applyStarts, type SessionStart } from '../facts/session-starts';
import { ALL_DAYS, refreshOrgDays } from '../org/org-rollups';
import type { AnalyticsMetrics } from '../observability/analytics.metrics';
import {
  type FactToInsert,
  insertFacts,
  insertInsights,
  insertReports,
  insertSkips,
  type InsightToInsert,
  type ReportToInsert,
} from './bulk-inserts';
import { Turns } from './turns';
import { projectUser } from './user-projection';

type Tx = Transaction<Record<string, unknown>>;
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
const userKey = (tenantId: string, userId: string) => `${tenantId}\u0000${userId}`;

export interface WriteOptions {
  metrics?: AnalyticsMetrics;
  /** Called once the rows are computed, before they are sent. */
  computed?: () => void;
}

/**
 * Writes what live ingestion would store for whole users arriving into empty projections: facts
 * with main sleeps and scores, skipped nights, reports and insights, in one transaction under the
 * same per-user locks as the live writer. Deleted users are left out, as live. The tenant rollups
 * of `org_user_days` are built when the rebuild ends.
 */
export function writeUsers(
  database: AnyDatabaseHandle,
  intents: readonly FactIntent[],
  starts: readonly SessionStart[],
  nowMs: number,
  { metrics, computed }: WriteOptions = {},
): Promise<void> {
  return database.transaction((tx) =>
    writeInTransaction(tx, intents, starts, nowMs, metrics, computed),
  );
}

async function writeInTransaction(
  tx: Tx,
  intents: readonly FactIntent[],
  starts: readonly SessionStart[],
  nowMs: number,
  metrics?: AnalyticsMetrics,
  computed?: () => void,
): Promise<void> {
  const users = new Map<string, { tenantId: string; userId: string; facts: NightlyFact[] }>();
  for (const intent of intents) {
    const ref = intent.kind === 'upsert' ? intent.fact : intent;
    const key = userKey(ref.tenantId, ref.userId);
    if (!users.has(key)) users.set(key, { tenantId: ref.tenantId, userId: ref.userId, facts: [] });
  }
  if (users.size === 0) return;
  const tenants = [...users.values()].map((u) => u.tenantId);
  const userIds = [...users.values()].map((u) => u.userId);
  const keys = sql`unnest(${sql.param(tenants)}::text[], ${sql.param(userIds)}::text[]) as k(tenant_id, user_id)`;
  // The tenant rollups are built once when the rebuild ends (`rebuildOrgRollups`).
  await tx.execute(sql`select set_config('analytics.defer_rollups', 'on', true)`);
  await tx.execute(
    sql`select pg_advisory_xact_lock(${ANALYTICS_LOCK_SPACE}, h) from (select distinct hashtext(tenant_id || ':' || user_id) as h from ${keys} order by h) as l`,
  );
  const settings = rowsOf<{
    tenant_id: string;
    user_id: string;
    gone: boolean;
    birth_year: number | null;
    score_weights: ScoreWeights | null;
    free_days: number[] | null;
  }>(
    await tx.execute(
      sql`select k.tenant_id, k.user_id,
                 exists (select 1 from analytics.deleted_users d where d.tenant_id = k.tenant_id and d.user_id = k.user_id) as gone,
                 (select birth_year from analytics.user_profiles p where p.tenant_id = k.tenant_id and p.user_id = k.user_id) as birth_year,
                 (select score_weights from analytics.tenant_settings s where s.tenant_id = k.tenant_id) as score_weights,
                 (select free_days from analytics.tenant_settings s where s.tenant_id = k.tenant_id) as free_days
          from ${keys}`,
    ),
  );
  const settingsOf = new Map(settings.map((s) => [userKey(s.tenant_id, s.user_id), s]));

  const skips = [];
  for (const intent of intents) {
    const ref = intent.kind === 'upsert' ? intent.fact : intent;
    const key = userKey(ref.tenantId, ref.userId);
    if (settingsOf.get(key)?.gone) continue;
    // Into empty tables a deletion leaves nothing: the replay source holds no deleted night.
    if (intent.kind === 'upsert') users.get(key)?.facts.push(intent.fact);
    else if (intent.kind === 'skip') skips.push(intent);
  }

  const factRows: FactToInsert[] = [];
  const reportRows: ReportToInsert[] = [];
  const insightRows: InsightToInsert[] = [];
  const turns = new Turns();
  for (const [key, { tenantId, userId, facts }] of users) {
    await turns.giveWhenDue();
    const setting = settingsOf.get(key);
    const projection = projectUser(
      userId,
      facts,
      {
        weights: setting?.score_weights ?? null,
        birthYear: setting?.birth_year ?? null,
        freeDays: setting?.free_days ?? null,
      },
      nowMs,
    );
    for (const p of projection.facts)
      factRows.push({
        ...p.fact,
        isMainSleep: p.isMainSleep,
        score: p.score,
        scoreVersion: p.scoreVersion,
        scoreDetail: p.scoreDetail,
      });
    for (const { period, zone, report } of projection.reports) {
      reportRows.push({
        tenantId,
        userId,
        kind: period.kind,
        periodStart: period.startDate,
        periodEnd: period.endDate,
        zone,
        body: report,
      });
      metrics?.reportsProduced.inc({ kind: period.kind });
    }
    for (const insight of projection.insights) {
      insightRows.push({
        id: insight.id,
        tenantId,
        userId,
        rule: insight.rule,
        sleepDay: insight.sleepDay,
        body: insight.body,
      });
      metrics?.insightsProduced.inc({ rule: insight.rule });
    }
  }

  computed?.();
  await insertFacts(tx, factRows);
  await insertSkips(tx, skips);
  await insertReports(tx, reportRows);
  await insertInsights(tx, insightRows);
  await applyStarts(tx, starts, []);
  await refreshOrgDays(
    tx,
    [...users.values()].map(({ tenantId, userId }) => ({ tenantId, userId, day: ALL_DAYS })),
  );
}
