import { type DynamicModule, Module } from '@nestjs/common';
import type { AnalyticsStore, GatewayDeps, SessionStore } from '@sleep/gateway-api';
import { METRICS_REGISTRY, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AppConfig } from './config';
import {
  ASLEEP_CLIENTS,
  GATEWAY_CONFIG,
  GATEWAY_DEPS,
  KEY_VAULT,
  SESSION_STORE,
} from './gateway.tokens';
import { AuditLogRepository } from './audit/audit-log.repository';
import { RateLimiterProvider } from './limits/rate-limiter.service';
import { OrgSettingsRepository } from './org/org-settings.repository';
import { RetentionJob } from './org/retention.job';
import { InsightEventsListener, ReportEventsListener } from './analytics/analytics-events.consumer';
import { AnalyticsRpcStore } from './analytics/analytics-rpc.client';
import { PlatformEventsListener } from './sessions/platform-events.consumer';
import { SessionRpcStore } from './sessions/session-rpc.client';
import { AsleepClients } from './tenants/tenant-asleep-clients';
import { TenantAnnouncer } from './tenants/tenant-announcer';
import { TenantDirectoryService } from './tenants/tenant-directory.service';
import { TenantKeyVault } from './tenants/tenant-key-sealing';
import { TenantMaintenance } from './tenants/tenant-maintenance';
import { TenantRepository } from './tenants/tenant.repository';
import { gatewayDeps } from './trpc/gateway-deps.factory';
import { TrpcHttp } from './trpc/trpc-http';
import { UsageLedgerService } from './usage/usage-ledger.service';
import { AppUserRepository } from './users/app-user.repository';
import { UserAnnouncer } from './users/user-announcer';
import { UserEventsPublisher } from './users/user-events.publisher';

export interface GatewayModuleOverrides {
  /** Tests replace session-service with a fake. */
  sessionStore?: SessionStore;
  /** Tests point the gateway at analytics-service elsewhere (or at none). */
  analytics?: AnalyticsStore;
}

/** The gateway's API and what it stands on: tenants, users, sessions, limits, usage. */
@Module({})
export class GatewayModule {
  static register(config: AppConfig, overrides: GatewayModuleOverrides = {}): DynamicModule {
    return {
      module: GatewayModule,
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: KEY_VAULT,
          useValue: new TenantKeyVault(config.TENANT_KEK, config.TENANT_KEK_PREVIOUS),
        },
        {
          provide: ASLEEP_CLIENTS,
          inject: [METRICS_REGISTRY, ROOT_LOGGER],
          useFactory: (registry: Registry, logger: Logger) =>
            new AsleepClients({
              baseUrl: config.ASLEEP_BASE_URL,
              timeouts: {
                requestMs: config.ASLEEP_REQUEST_TIMEOUT_MS,
                totalMs: config.ASLEEP_REQUEST_TIMEOUT_MS * (config.ASLEEP_MAX_RETRIES + 1) + 1_000,
              },
              retry: { maxRetries: config.ASLEEP_MAX_RETRIES },
              breaker: { resetTimeoutMs: config.ASLEEP_BREAKER_RESET_MS },
              registry,
              logger: logger.child({ component: 'asleep-client' }),
            }),
        },
        {
          provide: SESSION_STORE,
          useFactory: () =>
            overrides.sessionStore ?? new SessionRpcStore(config.SESSION_SERVICE_URL),
        },
        TenantRepository,
        TenantAnnouncer,
        TenantDirectoryService,
        TenantMaintenance,
        AppUserRepository,
        UserEventsPublisher,
        UserAnnouncer,
        UsageLedgerService,
        RateLimiterProvider,
        AuditLogRepository,
        OrgSettingsRepository,
        {
          provide: GATEWAY_DEPS,
          inject: [
            ROOT_LOGGER,
            TenantDirectoryService,
            AppUserRepository,
            UserEventsPublisher,
            SESSION_STORE,
            RateLimiterProvider,
            UsageLedgerService,
            AuditLogRepository,
            OrgSettingsRepository,
          ],
          useFactory: (
            logger: Logger,
            tenants: TenantDirectoryService,
            users: AppUserRepository,
            userEvents: UserEventsPublisher,
            sessions: SessionStore,
            rateLimits: RateLimiterProvider,
            usage: UsageLedgerService,
            audit: AuditLogRepository,
            orgSettings: OrgSettingsRepository,
          ): GatewayDeps =>
            gatewayDeps({
              config,
              logger,
              tenants,
              users,
              userEvents,
              sessions,
              analytics: overrides.analytics ?? new AnalyticsRpcStore(config.ANALYTICS_SERVICE_URL),
              rateLimits,
              usage,
              audit,
              orgSettings,
            }),
        },
        RetentionJob,
        PlatformEventsListener,
        ReportEventsListener,
        InsightEventsListener,
        TrpcHttp,
      ],
      exports: [GATEWAY_DEPS, RetentionJob],
    };
  }
}
