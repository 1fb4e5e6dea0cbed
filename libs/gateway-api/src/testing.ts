// Test-only entry: the router over in-memory fakes, called with createCaller as any principal.
import type { AverageStatsResult } from '@sleep/contracts';
import type { Principal } from './auth/principal';
import { contextFor } from './context';
import { DEFAULT_UPSTREAM_HINTS } from './errors/upstream-error';
import type { GatewayDeps, GatewaySettings } from './ports/gateway-deps';
import { appRouter } from './routers/_app';
import type { LiveSessionEvent } from './schemas/live-session-event.schema';
import { InMemoryRateLimiter } from './services/in-memory-rate-limiter';
import { LiveSessionHub } from './services/live-session-hub';
import { LruCache } from './services/lru-cache';
import { SessionCache } from './services/session-cache';
import {
  FakeAppUsers,
  FakeAuditLog,
  FakeOrgSettings,
  FakeSessionStore,
  FakeTenants,
  RecordingUsage,
  RecordingUserEvents,
} from './testing/fakes';
import { createCallerFactory } from './trpc';

export * from './testing/fakes';

const createCaller = createCallerFactory(appRouter);
export type GatewayCaller = ReturnType<typeof createCaller>;

export interface TestGateway {
  deps: GatewayDeps;
  tenants: FakeTenants;
  users: FakeAppUsers;
  userEvents: RecordingUserEvents;
  sessions: FakeSessionStore;
  usage: RecordingUsage;
  audit: FakeAuditLog;
  orgSettings: FakeOrgSettings;
  /** The router as this principal (or anonymous) would call it. */
  caller(principal: Principal | null): GatewayCaller;
  close(): Promise<void>;
}

const quietLogger = { warn: () => undefined, error: () => undefined };

export function createTestGateway(
  asleepUrl: string,
  settings: Partial<GatewaySettings> = {},
): TestGateway {
  const tenants = new FakeTenants(asleepUrl);
  const users = new FakeAppUsers();
  const userEvents = new RecordingUserEvents();
  const sessions = new FakeSessionStore();
  const usage = new RecordingUsage();
  const audit = new FakeAuditLog();
  const orgSettings = new FakeOrgSettings();
  const deps: GatewayDeps = {
    tenants,
    users,
    userEvents,
    sessions,
    live: new LiveSessionHub<LiveSessionEvent>(),
    analyticsLive: { reports: new LiveSessionHub(), insights: new LiveSessionHub() },
    sessionCache: new SessionCache(),
    statsCache: new LruCache<AverageStatsResult>(1_000, 60_000),
    rateLimiter: new InMemoryRateLimiter(),
    usage,
    audit,
    orgSettings,
    settings: {
      rateLimits: { principalPerMinute: 10_000, tenantPerMinute: 100_000 },
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
    audit,
    orgSettings,
    caller: (principal) => createCaller(contextFor(deps, principal)),
    close: () => tenants.close(),
  };
}
