// The service started in process against the real broker and Postgres, shared by the app specs:
// `useAnalyticsApp` registers its start and stop around a spec file and gives what the tests use.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ANALYTICS_RPC_PREFIX, type AnalyticsRouter } from '@sleep/analytics-rpc';
import { Topics } from '@sleep/contracts';
import {
  BatchingProducer,
  createKafka,
  DEV_EVENT_SIGNING_SEED,
  ensureTopics,
  type Kafka,
  MessageSigner,
} from '@sleep/messaging';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import {
  createServiceApp,
  DEVELOPMENT_SERVICE_KEYS,
  loadConfig,
  ManagementEndpoints,
  ServiceTokenSigner,
} from '@sleep/service-kit';
import { collectFrom, startGroupAtEnd, topicEnds, type TopicCollector } from '@sleep/testkit';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { Client } from 'pg';
import pino from 'pino';
import { AppModule } from '../app.module';
import { envSchema } from '../config';
import { retried } from './retried';

const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const silent = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
const signer = new MessageSigner(DEV_EVENT_SIGNING_SEED);

export const gatewayTokens = new ServiceTokenSigner('gateway', DEVELOPMENT_SERVICE_KEYS['gateway']);

export type AnalyticsRpcClient = ReturnType<typeof createTRPCClient<AnalyticsRouter>>;

export interface AnalyticsApp {
  /** The service's consumer groups are `<groupId>.sessions` and `<groupId>.users`. */
  readonly groupId: string;
  app: NestFastifyApplication;
  url: string;
  pg: Client;
  kafka: Kafka;
  producer: BatchingProducer;
  /** Everything dead-lettered on `sleep.sessions.dlq.v1` since the service started. */
  deadLetters: TopicCollector;
  /** The gateway's client of the service's RPC. */
  rpc: AnalyticsRpcClient;
}

/** The service in this process on a free port, its groups `<groupId>.sessions` and `.users`. */
export async function startAnalyticsService(
  databaseUrl: string,
  groupId: string,
): Promise<NestFastifyApplication> {
  const config = loadConfig(envSchema, {
    KAFKA_BROKERS: brokers,
    DATABASE_URL: databaseUrl,
    ANALYTICS_GROUP_ID: groupId,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    LOG_LEVEL: 'silent',
  });
  const app = await createServiceApp({ rootModule: AppModule.register(config, silent) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** Polls `read` every 100 ms until `done` holds (30 s at most). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await read();
    if (done(value)) return value;
    await sleep(100);
  }
  throw new Error('condition not met within 30 s');
}

/** Starts the service around the spec file (`name` tells its database and groups apart). */
export function useAnalyticsApp(name: string): AnalyticsApp {
  const context = {
    groupId: `analytics-${name}-${randomBytes(4).toString('hex')}`,
  } as AnalyticsApp;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = await createTestDatabase(`analytics_${name.replace(/\W/g, '_')}`);
    const kafka = createKafka({ brokers, clientId: `analytics-${name}`, logLevel: 'error' });
    context.kafka = kafka;
    context.producer = new BatchingProducer(kafka);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin);
    await admin.disconnect();
    // A broker that just created the topics may not have elected their leaders everywhere yet.
    const { groupId } = context;
    await retried(() => startGroupAtEnd(kafka, `${groupId}.sessions`, [Topics.sleepSessions.name]));
    await retried(() => startGroupAtEnd(kafka, `${groupId}.users`, [Topics.sleepUsers.name]));
    context.deadLetters = await collectFrom(
      kafka,
      Topics.sleepSessionsDlq.name,
      await retried(() => topicEnds(kafka, Topics.sleepSessionsDlq.name)),
    );
    const app = await startAnalyticsService(database.url, groupId);
    context.app = app;
    context.url = await app.getUrl();
    for (let ready = false; !ready; await sleep(100))
      ready = (await app.get(ManagementEndpoints).handle('/health/ready')).status === 200;
    context.rpc = createTRPCClient<AnalyticsRouter>({
      links: [
        httpBatchLink({
          url: `${context.url}${ANALYTICS_RPC_PREFIX}`,
          headers: () => gatewayTokens.headers('analytics-service'),
        }),
      ],
    });
    context.pg = new Client({ connectionString: database.url });
    await context.pg.connect();
  }, 90_000);

  afterAll(async () => {
    await context.app?.close();
    await context.pg?.end();
    await Promise.all([context.deadLetters?.stop(), context.producer?.disconnect()]);
    await database?.drop();
  });

  return context;
}

/** Publishes as the gateway does: signed (`sleep.users.v1` takes nothing else). */
export function publishSigned(app: AnalyticsApp, topic: string, key: string, value: unknown) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return app.producer.publish(topic, [
    { key, value: text, headers: signer.headers(topic, key, text) },
  ]);
}

/** How many nightly facts the service holds for the user. */
export async function factCount(app: AnalyticsApp, userId: string): Promise<number> {
  const { rows } = await app.pg.query(
    'select count(*) from analytics.nightly_facts where user_id = $1',
    [userId],
  );
  return Number(rows[0].count);
}

/** The offsets `groupId` has committed on `topic`, by partition. */
export async function committed(
  kafka: Kafka,
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map(offsets.partitions.map((p) => [p.partition, BigInt(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/** Publishes a `sleep.sessions.v1` event about the user, as session-service does. */
export const publishSession = (app: AnalyticsApp, userId: string, event: unknown) =>
  publishSigned(app, Topics.sleepSessions.name, userId, event);

/** Waits until the service holds exactly `n` nightly facts for the user. */
export const untilFactCount = (app: AnalyticsApp, userId: string, n: number) =>
  until(
    () => factCount(app, userId),
    (count) => count === n,
  );
