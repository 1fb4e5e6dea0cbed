import type { AverageStatsResult } from '@sleep/contracts';
import {
  type AnalyticsStore,
  type GatewayDeps,
  LruCache,
  OpenStreams,
  SessionCache,
  type SessionStore,
} from '@sleep/gateway-api';
import type { Logger } from 'pino';
import type { AuditLogRepository } from '../audit/audit-log.repository';
import type { ChangeLedgerRepository } from '../changes/change-ledger.repository';
import type { ExportJobsRepository } from '../exports/export-jobs.repository';
import type { AppConfig } from '../config';
import type { LimitMetrics } from '../limits/limit-metrics';
import type { RateLimiterProvider } from '../limits/rate-limiter.service';
import type { OrgSettingsRepository } from '../org/org-settings.repository';
import type { TenantDirectoryService } from '../tenants/tenant-directory.service';
import type { UsageLedgerService } from '../usage/usage-ledger.service';
import type { AppUserRepository } from '../users/app-user.repository';
import type { UserEventsPublisher } from '../users/user-events.publisher';
import type { WebhookEndpointRepository } from '../webhooks/webhook-endpoint.repository';
import { webhooksDeps } from '../webhooks/webhook-policies';

/** Stats change as nights complete, so they are kept only briefly. */
const STATS_TTL_MS = 60_000;
/** A session id Asleep does not know now will not be known a few minutes later either. */
const UNKNOWN_SESSION_TTL_MS = 5 * 60_000;

export interface DepsParts {
  config: AppConfig;
  logger: Logger;
  tenants: TenantDirectoryService;
  users: AppUserRepository;
  userEvents: UserEventsPublisher;
  sessions: SessionStore;
  analytics?: AnalyticsStore;
  rateLimits: RateLimiterProvider;
  limitMetrics: LimitMetrics;
  usage: UsageLedgerService;
  audit: AuditLogRepository;
  orgSettings: OrgSettingsRepository;
  changes: ChangeLedgerRepository;
  webhookEndpoints: WebhookEndpointRepository;
  exportJobs: ExportJobsRepository;
}

export function gatewayDeps(parts: DepsParts): GatewayDeps {
  const { config, limitMetrics } = parts;
  const streams = new OpenStreams(
    { perUser: config.SSE_MAX_STREAMS_PER_USER, perTenant: config.SSE_MAX_STREAMS_PER_TENANT },
    limitMetrics,
  );
  limitMetrics.countOpenStreams(() => streams.count());
  return {
    tenants: parts.tenants,
    users: parts.users,
    userEvents: parts.userEvents,
    sessions: parts.sessions,
    analytics: parts.analytics,
    sessionCache: new SessionCache(),
    statsCache: new LruCache<AverageStatsResult>(1_000, STATS_TTL_MS),
    unknownSessions: new LruCache<true>(10_000, UNKNOWN_SESSION_TTL_MS),
    streams,
    rateLimiter: parts.rateLimits.limiter,
    limitEvents: limitMetrics,
    usage: parts.usage,
    audit: parts.audit,
    orgSettings: parts.orgSettings,
    changes: parts.changes,
    webhooks: webhooksDeps(config, parts.webhookEndpoints),
    exportJobs: parts.exportJobs,
    settings: {
      rateLimits: {
        principalPerMinute: config.RATE_LIMIT_USER_PER_MINUTE,
        tenantPerMinute: config.RATE_LIMIT_TENANT_PER_MINUTE,
        asleepPerMinute: config.RATE_LIMIT_ASLEEP_PER_MINUTE,
      },
      upstream: { breakerOpenRetryMs: config.ASLEEP_BREAKER_RESET_MS, unavailableRetryMs: 2_000 },
      keyGraceSeconds: config.TENANT_KEY_GRACE_SECONDS,
    },
    logger: parts.logger.child({ component: 'api' }),
  };
}
