// Test-only entry: the router over in-memory fakes, called with createCaller as any principal.
import type { AverageStatsResult } from '@sleep/contracts';
import type { Principal } from './auth/principal';
import type { TokenLifetime } from './auth/token-lifetime';
import { contextFor } from './context';
import { DEFAULT_UPSTREAM_HINTS } from './errors/upstream-error';
import type { GatewayDeps, GatewaySettings } from './ports/gateway-deps';
import { appRouter } from './routers/_app';
import { InMemoryRateLimiter } from './services/in-memory-rate-limiter';
import { LruCache } from './services/lru-cache';
import { OpenStreams, type StreamCaps } from './services/open-streams';
import { SessionCache } from './services/session-cache';
import {
  FakeAppUsers,
  FakeAuditLog,
  FakeOrgSettings,
  FakeSessionStore,
  RecordingLimitEvents,
  RecordingUsage,
  RecordingUserEvents,
} from './testing/fakes';
import { FakeChangeLedger } from './testing/fake-change-ledger';
import { FakeExportJobs } from './testing/fake-export-jobs';
import { FakeTenants } from './testing/fake-tenants';
import { FakeWebhookEndpoints } from './testing/fake-webhook-endpoints';
import { createCallerFactory } from './trpc';

export * from './testing/fakes';
export { FakeChangeLedger } from './testing/fake-change-ledger';
export { FakeExportJobs } from './testing/fake-export-jobs';
export { FakeTenants } from './testing/fake-tenants';
export { FakeWebhookEndpoints } from './testing/fake-webhook-endpoints';

const createCaller = createCallerFactory(appRouter);
export type GatewayCaller = ReturnType<typeof createCaller>;

export interface TestGateway {
  deps: GatewayDeps;
  tenants: FakeTenants;
  users: FakeAppUsers;
  userEvents: RecordingUserEvents;
  sessions: FakeSessionStore;
  usage: RecordingUsage;
  limitEvents: RecordingLimitEvents;
  audit: FakeAuditLog;
  orgSettings: FakeOrgSettings;
  webhookEndpoints: FakeWebhookEndpoints;
  changes: FakeChangeLedger;
  exportJobs: FakeExportJobs;
  /** The router as this principal (or anonymous) would call it; `signal` ends its subscriptions. */
  caller(
    principal: Principal | null,
    lifetime?: TokenLifetime,
    signal?: AbortSignal,
  ): GatewayCaller;
  close(): Promise<void>;
}

const quietLogger = { warn: () => undefined, error: () => undefined };

export function createTestGateway(
  asleepUrl: string,
  settings: Partial<GatewaySettings> = {},
  streamCaps: StreamCaps = { perUser: 100, perTenant: 1_000 },
): TestGateway {
  const tenants = new FakeTenants(asleepUrl);
  const users = new FakeAppUsers();
  const userEvents = new RecordingUserEvents();
  const sessions = new FakeSessionStore();
  const usage = new RecordingUsage();
  const limitEvents = new RecordingLimitEvents();
  const audit = new FakeAuditLog();
  const orgSettings = new FakeOrgSettings();
  const webhookEndpoints = new FakeWebhookEndpoints();
  const changes = new FakeChangeLedger(users);
  const exportJobs = new FakeExportJobs();
  const deps: GatewayDeps = {
    tenants,
    users,
    userEvents,
    sessions,
    sessionCache: new SessionCache(),
    statsCache: new LruCache<AverageStatsResult>(1_000, 60_000),
    unknownSessions: new LruCache<true>(1_000, 60_000),
    streams: new OpenStreams(streamCaps, limitEvents),
    rateLimiter: new InMemoryRateLimiter(),
    limitEvents,
    usage,
    audit,
    orgSettings,
    webhooks: {
      endpoints: webhookEndpoints,
      targets: { allowHttp: false, allowPrivateNetworks: false },
      secretGraceSeconds: 86_400,
    },
    changes,
    exportJobs,
    settings: {
      rateLimits: { principalPerMinute: 10_000, tenantPerMinute: 100_000, asleepPerMinute: 1_000 },
      upstream: DEFAULT_UPSTREAM_HINTS,
      keyGraceSeconds: 3_600,
      ...settings,
    },
    logger: quietLogger,
  };
  return {
    deps,
    tenants,
    users,
    userEvents,
    sessions,
    usage,
    limitEvents,
    audit,
    orgSettings,
    webhookEndpoints,
    changes,
    exportJobs,
    caller: (principal, lifetime, signal) =>
      createCaller(contextFor(deps, principal, lifetime), { signal }),
    close: () => tenants.close(),
  };
}
