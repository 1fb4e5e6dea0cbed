import type { AverageStatsResult } from '@sleep/contracts';
import type { UpstreamHints } from '../errors/upstream-error';
import type { AnalyticsStore } from './analytics.port';
import type { AuditStore } from './audit-log.port';
import type { ChangeLedger } from './change-ledger.port';
import type { ExportJobs } from './export-jobs.port';
import type { OrgSettingsStore } from './org-settings.port';
import type { LruCache } from '../services/lru-cache';
import type { OpenStreams } from '../services/open-streams';
import type { SessionCache } from '../services/session-cache';
import type { LimitEvents, RateLimiter, UsageLedger } from './limits.port';
import type { SessionStore } from './sessions.port';
import type { TenantDirectory } from './tenants.port';
import type { AppUserDirectory, UserEvents } from './users.port';
import type { WebhooksDeps } from './webhooks.port';

export interface GatewaySettings {
  rateLimits: {
    /** Requests per minute of one app user (one principal). */
    principalPerMinute: number;
    /** Requests per minute of a whole tenant. */
    tenantPerMinute: number;
    /** Calls to Asleep per minute a tenant's callers may cause when the platform cannot answer. */
    asleepPerMinute: number;
  };
  upstream: UpstreamHints;
  /** How long a replaced Asleep key still authenticates webhooks. */
  keyGraceSeconds: number;
}

export interface GatewayLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Everything the procedures need; the app provides the real ones, tests fakes. */
export interface GatewayDeps {
  tenants: TenantDirectory;
  users: AppUserDirectory;
  userEvents: UserEvents;
  sessions: SessionStore;
  /** analytics-service; absent in deployments without it (`stats.average` then asks Asleep). */
  analytics?: AnalyticsStore;
  sessionCache: SessionCache;
  statsCache: LruCache<AverageStatsResult>;
  /** Session ids Asleep recently answered 404 for (tenant, user, id): not asked again meanwhile. */
  unknownSessions: LruCache<true>;
  /** Open SSE streams: capped, and ended on token expiry, role change and user deletion. */
  streams: OpenStreams;
  rateLimiter: RateLimiter;
  limitEvents: LimitEvents;
  usage: UsageLedger;
  /** Who did what: tenant lifecycle, keys, deletions, settings, exports. Append-only. */
  audit: AuditStore;
  /** Each organisation's settings, every version kept. */
  orgSettings: OrgSettingsStore;
  /** Tenants' outbound webhook endpoints and their deliveries. */
  webhooks: WebhooksDeps;
  /** The change feed: every change to a tenant's data, in order, for `sync.*`. */
  changes: ChangeLedger;
  /** Research exports: created, downloaded once, their progress readable from any replica. */
  exportJobs: ExportJobs;
  settings: GatewaySettings;
  logger: GatewayLogger;
}
