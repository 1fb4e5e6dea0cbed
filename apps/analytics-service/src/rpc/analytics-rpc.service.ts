import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  AnalyticsRpcError,
  type AnalyticsNight,
  type ExportFactsPage,
  type AnalyticsRpcService,
  type NightScore,
  type OrgStatsResult,
  type PackedAverage,
  type RegularityResult,
  type StoredInsight,
  type TrendsResult,
} from '@sleep/analytics-rpc';
import type {
  AnalyticsRules,
  AverageQuery,
  AverageStatsResult,
  ExportFactsQuery,
  InsightsQuery,
  NightsQuery,
  OrgStatsQuery,
  RegularityQuery,
  ReportGetQuery,
  ReportsListQuery,
  ScoreQuery,
  ScoreWeightsInput,
  SetAnalyticsRules,
  SetScoreWeights,
  TenantQuery,
  TrendsQuery,
} from '@sleep/contracts';
import { DATABASE, type AnyDatabaseHandle } from '@sleep/persistence';
import {
  addDays,
  chronotype,
  circularMeanSeconds,
  computeAverageStats,
  formatInstant,
  formatTimeOfDay,
  isSlept,
  midSleepSeconds,
  rollingMeans,
  sleepRegularityIndex,
  sleptSessionOf,
  type SleepReport,
  type TrendPoint,
  trendOf,
} from '@sleep/sleep-metrics';
import { ANALYTICS_SETTINGS, type AnalyticsSettings } from '../analytics.settings';
import { readOrgStats } from '../org/org-stats';
import { OrgStatsQueries } from '../org/org-stats.queries';
import { ReportBuilder } from '../reports/report-builder';
import { readExportFacts } from './export-facts';
import { type A1Night, averageNightOf, FactQueries, factsOf, type StoredRow } from './fact-queries';
import { packedSleptSession } from './packed-average';
import { a1StatReader } from './a1-stat-reader';
import { trendValue } from './trend-values';
import { TenantRecomputeJob } from '../settings/tenant-recompute.job';
import { TenantRules } from '../settings/tenant-rules';
import { removeTenant } from '../tenants/deleted-tenants';
import { scoreDetailOf } from '../scoring/stored-score';

const noNights = () => new AnalyticsRpcError('NOT_FOUND', 'no night of this user is stored');

/** The internal RPC over the facts; every read is scoped by tenant, so another tenant's user reads as unknown. */
@Injectable()
export class AnalyticsRpcServiceImpl implements AnalyticsRpcService {
  private readonly queries: FactQueries;
  private readonly tenantRules: TenantRules;
  private readonly orgQueries: OrgStatsQueries;

  constructor(
    @Inject(DATABASE) private readonly database: AnyDatabaseHandle,
    private readonly reports: ReportBuilder,
    @Inject(ANALYTICS_SETTINGS)
    private readonly settings: Pick<AnalyticsSettings, 'completenessDeadlineHours'>,
    @Optional() private readonly recompute?: TenantRecomputeJob,
  ) {
    this.queries = new FactQueries(database);
    this.tenantRules = new TenantRules(database);
    this.orgQueries = new OrgStatsQueries(database);
  }

  async removeTenant({
    tenantId,
  }: TenantQuery): Promise<{ tenantId: string; rowsRemoved: number }> {
    return { tenantId, ...(await removeTenant(this.database, tenantId)) };
  }

  orgStats(query: OrgStatsQuery): Promise<OrgStatsResult> {
    return readOrgStats(this.orgQueries, query, this.settings.completenessDeadlineHours);
  }

  exportFacts(query: ExportFactsQuery): Promise<ExportFactsPage> {
    return readExportFacts(this.database, query, new Date().toISOString().slice(0, 10));
  }

  async score({ tenantId, userId, sessionId }: ScoreQuery): Promise<NightScore> {
    const row = await this.queries.score(tenantId, userId, sessionId);
    if (!row) throw new AnalyticsRpcError('NOT_FOUND', 'session does not exist');
    return {
      sessionId,
      sleepDay: row.sleep_day,
      score: row.score,
      scoreVersion: row.score_version,
      ...scoreDetailOf(row.score_detail),
    };
  }

  async nights({
    tenantId,
    userId,
    from,
    to,
    includeNaps,
  }: NightsQuery): Promise<{ nights: AnalyticsNight[] }> {
    const rows = await this.queries.bySleepDay(tenantId, userId, from, to);
    return { nights: rows.filter((r) => includeNaps || !r.is_nap).map(nightOf) };
  }

  async average(query: AverageQuery): Promise<AverageStatsResult> {
    return computeAverageStats(
      await this.averageNights(query),
      averageRequest(query),
      sleptSessionOf,
      a1StatReader,
    );
  }

  async averagePacked(query: AverageQuery): Promise<PackedAverage> {
    return computeAverageStats(
      await this.averageNights(query),
      averageRequest(query),
      packedSleptSession,
      a1StatReader,
    );
  }

  private async averageNights({
    tenantId,
    userId,
    start_date,
    end_date,
  }: AverageQuery): Promise<A1Night[]> {
    const rows = await this.queries.aroundStartDates(tenantId, userId, start_date, end_date);
    if (rows.length === 0 && !(await this.queries.hasAny(tenantId, userId))) throw noNights();
    return rows.map(averageNightOf);
  }

  async regularity({
    tenantId,
    userId,
    from,
    to,
    timezone,
  }: RegularityQuery): Promise<RegularityResult> {
    const zone = timezone ?? (await this.queries.latestZone(tenantId, userId)) ?? 'UTC';
    // Nights of the neighbouring days overlap the grid's first and last hours.
    const facts = factsOf(
      await this.queries.bySleepDay(tenantId, userId, addDays(from, -1), addDays(to, 1)),
    );
    const inWindow = facts.filter((f) => f.sleepDay >= from && f.sleepDay <= to);
    const mids = inWindow
      .filter((f) => f.mainSleep && isSlept(f))
      .map((f) => midSleepSeconds(f, zone))
      .filter((s): s is number => s !== null);
    const mean = circularMeanSeconds(mids);
    return {
      from,
      to,
      timezone: zone,
      regularity: sleepRegularityIndex(facts, { startDate: from, endDate: to, timezone: zone }),
      midSleep: mean === null ? null : formatTimeOfDay(mean),
      chronotype: chronotype(inWindow, {
        timezone: zone,
        freeDays: (await this.tenantRules.get(tenantId)).freeDays ?? undefined,
      }),
    };
  }

  async trends({ tenantId, userId, from, to, metric }: TrendsQuery): Promise<TrendsResult> {
    const rows = await this.queries.bySleepDay(tenantId, userId, from, to);
    const points: TrendPoint[] = rows
      .filter((r) => r.is_main_sleep && r.slept)
      .flatMap((r) => {
        const value = trendValue(r, metric);
        return value === null ? [] : [{ sleepDay: r.sleep_day, value }];
      });
    return {
      metric,
      trend: trendOf(points, { metric }),
      rolling7: rollingMeans(points, 7),
      rolling30: rollingMeans(points, 30),
    };
  }

  async listReports({
    tenantId,
    userId,
    kind,
    limit,
  }: ReportsListQuery): Promise<{ reports: SleepReport[] }> {
    return { reports: await this.reports.stored(tenantId, userId, kind ?? null, limit) };
  }

  async getReport({ tenantId, userId, kind, day }: ReportGetQuery): Promise<SleepReport> {
    if (!(await this.queries.hasAny(tenantId, userId))) throw noNights();
    return this.reports.onDemand(tenantId, userId, kind, day);
  }

  async insights({
    tenantId,
    userId,
    limit,
  }: InsightsQuery): Promise<{ insights: StoredInsight[] }> {
    const rows = await this.database.query<{ body: StoredInsight }>(
      `select body from analytics.insights where tenant_id = $1 and user_id = $2
       order by sleep_day desc, id limit $3`,
      [tenantId, userId, limit],
    );
    return { insights: rows.map((r) => r.body) };
  }

  async setScoreWeights({
    tenantId,
    weights,
  }: SetScoreWeights): Promise<{ weights: ScoreWeightsInput | null }> {
    await this.database.query(
      `insert into analytics.tenant_settings (tenant_id, score_weights, updated_at, recompute_requested_at)
       values ($1, $2, now(), clock_timestamp())
       on conflict (tenant_id) do update set score_weights = excluded.score_weights, updated_at = now(),
         recompute_requested_at = excluded.recompute_requested_at`,
      [tenantId, weights === null ? null : JSON.stringify(weights)],
    );
    this.recompute?.kick();
    return { weights };
  }

  async setRules({ tenantId, rules }: SetAnalyticsRules): Promise<{ rules: AnalyticsRules }> {
    const stored = await this.tenantRules.set(tenantId, rules);
    this.recompute?.kick();
    return { rules: stored };
  }

  async rules({ tenantId }: TenantQuery): Promise<{ rules: AnalyticsRules }> {
    return { rules: await this.tenantRules.get(tenantId) };
  }
}

const averageRequest = ({ start_date, end_date, timezone }: AverageQuery) => ({
  startDate: start_date,
  endDate: end_date,
  timezone,
});

function nightOf(row: StoredRow): AnalyticsNight {
  return {
    sessionId: row.session_id,
    version: row.version,
    sleepDay: row.sleep_day,
    startTime: formatInstant(row.start_ms, 'UTC'),
    endTime: formatInstant(row.end_ms, 'UTC'),
    timezone: row.zone,
    createdTimezone: row.created_timezone,
    peculiarities: row.peculiarities,
    nap: row.is_nap,
    mainSleep: row.is_main_sleep,
    slept: row.slept,
    stat: row.stat,
    score: row.score,
    scoreVersion: row.score_version,
  };
}
