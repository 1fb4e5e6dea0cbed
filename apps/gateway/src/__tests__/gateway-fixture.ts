import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppRouter, Role } from '@sleep/gateway-api';
import { FakeSessionStore } from '@sleep/gateway-api/testing';
import { createKafka, type Kafka } from '@sleep/messaging';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import { createServiceApp, loadConfig, ManagementEndpoints } from '@sleep/service-kit';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import pino from 'pino';
import { AppModule } from '../app.module';
import { type DevTokenClaims, mintDevToken } from '../auth/dev-token';
import { type AppConfig, envSchema } from '../config';
import type { GatewayModuleOverrides } from '../gateway.module';
import { type SimProcess, startSimProcess } from './asleep-sim.process';

export const KEY_ACME = 'sk-acme-app-spec-0123456789';
export const KEY_ACME_NEXT = 'sk-acme-app-spec-rotated-9876';
export const KEY_GLOBEX = 'sk-globex-app-spec-0123456789';

/** The app waits for Kafka and Postgres at start: on a busy machine that can take a while. */
const READY_TIMEOUT_MS = 90_000;
/**
 * A `beforeAll` that starts the gateway gives itself this long, so that the fixture's own
 * readiness deadline (which stops what it started) runs out before Jest abandons the hook.
 */
export const GATEWAY_SETUP_TIMEOUT_MS = READY_TIMEOUT_MS + 30_000;

export interface GatewayFixture {
  url: string;
  app: NestFastifyApplication;
  /** A management endpoint's answer (`/health/ready`, `/metrics`): not on the public port. */
  management(path: string): Promise<{ status: number; body: string }>;
  config: AppConfig;
  sim: SimProcess;
  store: FakeSessionStore;
  kafka: Kafka;
  database: TestDatabase;
  token(
    tenantId: string,
    appUserId: string,
    role: Role,
    lifetime?: Pick<DevTokenClaims, 'ttlSeconds' | 'issuedAtSeconds'>,
  ): Promise<string>;
  client(token: string): ReturnType<typeof createTRPCClient<AppRouter>>;
  /** Closes the app alone (as on SIGTERM); `stop` then skips it. */
  close(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real app in this process: real Kafka and Postgres, Asleep simulated, session-service faked;
 * analytics-service absent unless a test hands in what stands for it. `database`: an earlier
 * fixture's, kept (a restart); it is then left for that fixture to drop.
 */
export async function startGateway(
  env: Record<string, string> = {},
  {
    database: reused,
    ...overrides
  }: Pick<GatewayModuleOverrides, 'analytics'> & {
    database?: TestDatabase;
  } = {},
): Promise<GatewayFixture> {
  const store = new FakeSessionStore();
  const sim = await startSimProcess([KEY_ACME, KEY_ACME_NEXT, KEY_GLOBEX]);
  let database: TestDatabase | undefined = reused;
  let app: NestFastifyApplication | undefined;
  let config: AppConfig;
  let url: string;
  let management: ManagementEndpoints['handle'];
  try {
    database ??= await createTestDatabase('gateway_app');
    const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
    config = loadConfig(envSchema, {
      KAFKA_BROKERS: brokers,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
      ASLEEP_BASE_URL: sim.url,
      ASLEEP_MAX_RETRIES: '0',
      ASLEEP_REQUEST_TIMEOUT_MS: '1000',
      // Replicas share the change-ledger group to split the events among them; a gateway of another
      // database in it (another test on the same broker) would take some of this one's events and
      // drop them, since it does not know their users. A restart or replica reuses the database.
      CHANGE_LEDGER_GROUP: `gateway-change-ledger-${database.name}`,
      ...env,
    });
    app = await createServiceApp({
      rootModule: AppModule.register(config, pino({ level: 'silent' }), {
        sessionStore: store,
        ...overrides,
      }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
    management = app.get(ManagementEndpoints).handle;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (let last = await management('/health/ready'); last.status !== 200; ) {
      if (Date.now() > deadline)
        throw new Error(`gateway not ready after ${READY_TIMEOUT_MS} ms: ${last.body}`);
      await new Promise((r) => setTimeout(r, 100));
      last = await management('/health/ready');
    }
  } catch (error) {
    // A start that fails leaves nothing running: the suite's afterAll has no fixture to stop.
    await app?.close().catch(() => undefined);
    await sim.stop();
    if (!reused) await database?.drop().catch(() => undefined);
    throw error;
  }
  let closed = false;
  const signing = {
    secret: config.JWT_SECRET ?? '',
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  };
  return {
    url,
    app,
    management,
    config,
    sim,
    store,
    database,
    kafka: createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: 'gateway-app-spec',
      logLevel: 'error',
    }),
    token: (tenantId, appUserId, role, lifetime) =>
      mintDevToken(signing, { tenantId, appUserId, role, ...lifetime }),
    client: (token) =>
      createTRPCClient<AppRouter>({
        links: [
          splitLink({
            condition: (op) => op.type === 'subscription',
            true: httpSubscriptionLink({
              url: `${url}/trpc`,
              EventSource,
              connectionParams: { token },
            }),
            false: httpBatchLink({
              url: `${url}/trpc`,
              headers: { authorization: `Bearer ${token}` },
            }),
          }),
        ],
      }),
    async close() {
      closed = true;
      await app.close();
    },
    async stop() {
      if (!closed) await app.close();
      await sim.stop();
      if (!reused) await database.drop();
    },
  };
}
