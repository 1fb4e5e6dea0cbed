import type {
  AnalyticsRules,
  AverageQuery,
  AverageStatsResult,
  CompletenessSlo,
  ExportFactsQuery,
  FactCursor,
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
  Stat,
  TenantQuery,
  TrendsQuery,
} from '@sleep/contracts';
import type {
  Chronotype,
  Distribution,
  Insight,
  RollingMean,
  ScoreContributor,
  SleepRegularity,
  SleepReport,
  Trend,
} from '@sleep/sleep-metrics';
import type { PackedAverage } from './average-wire';

/** One night's score with its parts (analytics definitions, section 4). */
export interface NightScore {
  sessionId: string;
  sleepDay: string;
  /** Null with `reason` for a night that cannot be scored. */
  score: number | null;
  scoreVersion: string | null;
  reason: string | null;
  contributors: readonly ScoreContributor[];
}

/** A stored nightly fact with its score, instants in UTC. */
export interface AnalyticsNight {
  sessionId: string;
  version: number;
  sleepDay: string;
  startTime: string;
  endTime: string;
  timezone: string;
  createdTimezone: string | null;
  peculiarities: string[];
  nap: boolean;
  mainSleep: boolean;
  slept: boolean;
  stat: Stat | null;
  score: number | null;
  scoreVersion: string | null;
}

export interface RegularityResult {
  from: string;
  to: string;
  timezone: string;
  regularity: SleepRegularity;
  /** Mean mid-sleep of the window's slept main sleeps, `hh:mm:ss` in the zone. */
  midSleep: string | null;
  chronotype: Chronotype;
}

export interface TrendsResult {
  metric: string;
  trend: Trend;
  rolling7: readonly RollingMean[];
  rolling30: readonly RollingMean[];
}

export interface StoredInsight extends Insight {
  sleepDay: string;
}

/** A group's numbers (analytics definitions, section 8); distributions are null when empty. */
export interface OrgGroupStats {
  suppressed: false;
  /** Users with at least one night (non-nap) in the period. */
  activeUsers: number;
  nights: number;
  /** Nights divided by the days of the period, 2 decimals. */
  nightsPerDay: number;
  nightsStarted: number;
  nightsCompleted: number;
  /** Completed / started among the sessions started in the period, 3 decimals; null: none started. */
  trackingCompleteness: number | null;
  /** Whether the started nights reached COMPLETE in time, late (recovered) or not at all. */
  completenessSlo: CompletenessSlo;
  /** Over the slept main sleeps of the period: score (1 decimal), seconds (whole), ratio (3 decimals). */
  score: Distribution | null;
  timeInSleep: Distribution | null;
  sleepEfficiency: Distribution | null;
  sleepLatency: Distribution | null;
  /** Over the users' weekly SRIs of the ISO weeks inside the period (1 decimal). */
  sri: Distribution | null;
}

/** A group with fewer than k users (or hidden so none can be derived): no numbers at all. */
export interface SuppressedGroup {
  suppressed: true;
}

export type OrgGroupResult = OrgGroupStats | SuppressedGroup;

export interface OrgStatsResult {
  from: string;
  to: string;
  days: number;
  /** k in force. */
  minGroupSize: number;
  dimensions: string[];
  total: OrgGroupResult;
  /** One per non-empty group, by dimension value (`unknown` / `none` without a value). */
  groups: ({ group: Record<string, string> } & OrgGroupResult)[];
}

/**
 * A stored fact as exports read it: the night's numbers and its user's quasi-identifiers as
 * analytics holds them (age band at the period's end, or today, never the birth year).
 */
export interface ExportFact {
  userId: string;
  sessionId: string;
  version: number;
  sleepDay: string;
  startTime: string;
  endTime: string;
  timezone: string;
  nap: boolean;
  mainSleep: boolean;
  slept: boolean;
  stat: Stat | null;
  score: number | null;
  scoreVersion: string | null;
  ageBand: string;
  gender: string;
  tags: string[];
}

export interface ExportFactsPage {
  facts: ExportFact[];
  /** Pass as `after` for the next page; null after the last one. */
  next: FactCursor | null;
}

/** What the router needs; analytics-service implements it over its store. */
export interface AnalyticsRpcService {
  score(query: ScoreQuery): Promise<NightScore>;
  nights(query: NightsQuery): Promise<{ nights: AnalyticsNight[] }>;
  /** Asleep A1 from our facts; NOT_FOUND when no night of the user was ever stored here. */
  average(query: AverageQuery): Promise<AverageStatsResult>;
  /**
   * `average`'s answer packed, exactly as `packAverage` packs it, built without the unpacked
   * sessions; without it the router packs `average`'s answer.
   */
  averagePacked?(query: AverageQuery): Promise<PackedAverage>;
  regularity(query: RegularityQuery): Promise<RegularityResult>;
  trends(query: TrendsQuery): Promise<TrendsResult>;
  listReports(query: ReportsListQuery): Promise<{ reports: SleepReport[] }>;
  /** The stored report, or one built on demand (stored once its period has closed). */
  getReport(query: ReportGetQuery): Promise<SleepReport>;
  insights(query: InsightsQuery): Promise<{ insights: StoredInsight[] }>;
  /** Null restores the default weights. Stored scores keep theirs until a recompute. */
  setScoreWeights(input: SetScoreWeights): Promise<{ weights: ScoreWeightsInput | null }>;
  /** The tenant's sleep-day rule, zone and free days; they apply to nights ingested afterwards. */
  setRules(input: SetAnalyticsRules): Promise<{ rules: AnalyticsRules }>;
  rules(query: TenantQuery): Promise<{ rules: AnalyticsRules }>;
  /** Tenant statistics for a period, whole or by up to two dimensions, k-anonymous. */
  orgStats(query: OrgStatsQuery): Promise<OrgStatsResult>;
  /**
   * Everything of the tenant in analytics' schema (settings included), for a tenant's deletion;
   * events of the tenant that occurred before it are dropped afterwards. Idempotent.
   */
  removeTenant(input: TenantQuery): Promise<{ tenantId: string; rowsRemoved: number }>;
  /** Pages of stored facts for exports, ordered by (user id, session id). */
  exportFacts(query: ExportFactsQuery): Promise<ExportFactsPage>;
}

export type AnalyticsRpcErrorCode = 'NOT_FOUND' | 'BAD_REQUEST' | 'SERVICE_UNAVAILABLE';

/** A failure the caller can act on; anything else reaches it as INTERNAL_SERVER_ERROR. */
export class AnalyticsRpcError extends Error {
  override readonly name = 'AnalyticsRpcError';
  constructor(
    readonly code: AnalyticsRpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}
