import type {
  AnalyticsNight,
  ExportFactsPage,
  NightScore,
  OrgStatsResult,
  RegularityResult,
  StoredInsight,
  TrendsResult,
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
import type { SleepReport } from '@sleep/sleep-metrics';

/**
 * Nightly facts and everything computed from them, owned by analytics-service and reached over
 * its internal RPC. Failures arrive as client-facing gateway errors; null means "not there".
 */
export interface AnalyticsStore {
  score(query: ScoreQuery): Promise<NightScore | null>;
  nights(query: NightsQuery): Promise<{ nights: AnalyticsNight[] }>;
  /** Null when analytics cannot answer (no night of the user stored, or the service is down). */
  average(query: AverageQuery): Promise<AverageStatsResult | null>;
  regularity(query: RegularityQuery): Promise<RegularityResult>;
  trends(query: TrendsQuery): Promise<TrendsResult>;
  listReports(query: ReportsListQuery): Promise<{ reports: SleepReport[] }>;
  getReport(query: ReportGetQuery): Promise<SleepReport | null>;
  insights(query: InsightsQuery): Promise<{ insights: StoredInsight[] }>;
  setScoreWeights(input: SetScoreWeights): Promise<{ weights: ScoreWeightsInput | null }>;
  setRules(input: SetAnalyticsRules): Promise<{ rules: AnalyticsRules }>;
  rules(query: TenantQuery): Promise<{ rules: AnalyticsRules }>;
  /** Tenant statistics, already k-anonymous; bad input arrives as BAD_REQUEST. */
  orgStats(query: OrgStatsQuery): Promise<OrgStatsResult>;
  /** Forgets everything of a deleted tenant (settings, rollups, profiles, starts). */
  removeTenant(input: TenantQuery): Promise<{ tenantId: string; rowsRemoved: number }>;
  /** Pages of stored facts (one user's, or a tenant's in a period) for exports. */
  exportFacts(query: ExportFactsQuery): Promise<ExportFactsPage>;
}
