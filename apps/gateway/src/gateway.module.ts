import { type DynamicModule, Module } from '@nestjs/common';
import type { AnalyticsStore, GatewayDeps, SessionStore } from '@sleep/gateway-api';
import { eventSigner, METRICS_REGISTRY, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ServiceTokenSigner } from '@sleep/service-kit';
import type { AppConfig } from './config';
import {
  ASLEEP_CLIENTS,
  EVENT_SIGNER,
  GATEWAY_CONFIG,
  GATEWAY_DEPS,
  KEY_VAULT,
  SESSION_STORE,
} from './gateway.tokens';
import { AuditLogRepository } from './audit/audit-log.repository';
import { ChangeLedgerRepository } from './changes/change-ledger.repository';
import { ChangeLedgerWriter } from './changes/change-ledger.writer';
import { WebhookDispatcherJob } from './webhooks/webhook-dispatcher.job';
import { WebhookEndpointRepository } from './webhooks/webhook-endpoint.repository';
import { WebhookOutboxRepository } from './webhooks/webhook-outbox.repository';
import { LimitMetrics } from './limits/limit-metrics';
import { RateLimiterProvider } from './limits/rate-limiter.service';
import { ConsoleRoute } from './console/console.route';
import { ExportDownloadsRoute } from './exports/export-downloads.route';
import { ExportJobsRepository } from './exports/export-jobs.repository';
import { TokenRoleRelay } from './limits/token-role-relay';
import { OrgSettingsRepository } from './org/org-settings.repository';
import { RetentionJob } from './org/retention.job';
import { AnalyticsRpcStore } from './analytics/analytics-rpc.client';
import { PlatformEventsListener } from './sessions/platform-events.consumer';
import { SessionRpcStore } from './sessions/session-rpc.client';
import { AsleepClients } from './tenants/tenant-asleep-clients';
import { TenantAnnouncer } from './tenants/tenant-announcer';
import { TenantDirectoryService } from './tenants/tenant-directory.service';
import { TenantKeyVault } from './tenants/tenant-key-sealing';
import { TenantMaintenance } from './tenants/tenant-maintenance';
import { TenantRepository } from './tenants/tenant.repository';
import { registerLiveStreamMetrics } from './sessions/live-streams.metrics';
import { gatewayDeps } from './trpc/gateway-deps.factory';
import { RequestContexts } from './trpc/request-contexts';
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
    const serviceTokens = new ServiceTokenSigner('gateway', config.SERVICE_TOKEN_KEY);
    return {
      module: GatewayModule,
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: EVENT_SIGNER, useValue: eventSigner(config.EVENT_SIGNING_KEY) },
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
            overrides.sessionStore ??
            new SessionRpcStore(config.SESSION_SERVICE_URL, serviceTokens),
        },
        TenantRepository,
        TenantAnnouncer,
        TenantDirectoryService,
        TenantMaintenance,
        AppUserRepository,
        UserEventsPublisher,
        UserAnnouncer,
        UsageLedgerService,
        LimitMetrics,
        RateLimiterProvider,
        AuditLogRepository,
        OrgSettingsRepository,
        ChangeLedgerRepository,
        WebhookEndpointRepository,
        WebhookOutboxRepository,
        ExportJobsRepository,
        {
          provide: GATEWAY_DEPS,
          inject: [
            METRICS_REGISTRY,
            ROOT_LOGGER,
            TenantDirectoryService,
            AppUserRepository,
            UserEventsPublisher,
            SESSION_STORE,
            RateLimiterProvider,
            LimitMetrics,
            UsageLedgerService,
            AuditLogRepository,
            OrgSettingsRepository,
            ChangeLedgerRepository,
            WebhookEndpointRepository,
            ExportJobsRepository,
          ],
          useFactory: (
            registry: Registry,
            logger: Logger,
            tenants: TenantDirectoryService,
            users: AppUserRepository,
            userEvents: UserEventsPublisher,
            sessions: SessionStore,
            rateLimits: RateLimiterProvider,
            limitMetrics: LimitMetrics,
            usage: UsageLedgerService,
            audit: AuditLogRepository,
            orgSettings: OrgSettingsRepository,
            changes: ChangeLedgerRepository,
            webhookEndpoints: WebhookEndpointRepository,
            exportJobs: ExportJobsRepository,
          ): GatewayDeps => {
            const deps = gatewayDeps({
              config,
              logger,
              tenants,
              users,
              userEvents,
              sessions,
              analytics:
                overrides.analytics ??
                new AnalyticsRpcStore(config.ANALYTICS_SERVICE_URL, serviceTokens),
              rateLimits,
              limitMetrics,
              usage,
              audit,
              orgSettings,
              changes,
              webhookEndpoints,
              exportJobs,
            });
            registerLiveStreamMetrics(registry, deps);
            return deps;
          },
        },
        RetentionJob,
        PlatformEventsListener,
        ChangeLedgerWriter,
        WebhookDispatcherJob,
        TokenRoleRelay,
        RequestContexts,
        TrpcHttp,
        ConsoleRoute,
        ExportDownloadsRoute,
      ],
      exports: [GATEWAY_DEPS, RetentionJob, WebhookDispatcherJob],
    };
  }
}
