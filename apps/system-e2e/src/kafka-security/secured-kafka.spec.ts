import { randomBytes } from 'node:crypto';
import { generateNight, nightDeliveries } from '@sleep/asleep-sim';
import { allTopics, Topics } from '@sleep/contracts';
import { createKafka, ensureTopics, type Kafka } from '@sleep/messaging';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import {
  type AppProcess,
  type BrokerHandle,
  collectFrom,
  freePort,
  startApp,
  startBroker,
  topicEnds,
  type TopicCollector,
  waitForStatus,
} from '@sleep/testkit';
import { freshUserId } from '../session-service/support/night-stream';
import { aclEntries, SERVICE_ACLS } from './platform-acls';

jest.setTimeout(300_000);

const API_KEY = 'sk-secured-e2e-0123456789';
const password = () => randomBytes(16).toString('hex');

async function until<T>(read: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** How the process ended, or undefined if it still runs after `timeoutMs`. */
async function exitWithin(app: AppProcess, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([app.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The webhook path (webhook-ingest -> broker -> session-service -> sleep.sessions.v1) against a
 * broker that only speaks TLS + SASL and authorizes every request by ACL, each service logged in
 * as its own user with only its own ACLs; and a service without the right ACLs refused.
 */
describe('a broker with TLS, SCRAM and per-service ACLs', () => {
  const users = {
    'svc-ingest': password(),
    'svc-sessions': password(),
    'svc-intruder': password(),
    'svc-writer': password(),
  };
  const groupId = `secured-sessions-${randomBytes(3).toString('hex')}`;
  let broker: BrokerHandle;
  let admin: Kafka;
  let database: TestDatabase;
  let events: TopicCollector | undefined;
  const apps: AppProcess[] = [];

  /** How a service connects: the broker's CA, its own SCRAM user, topics left to the operator. */
  const kafkaEnv = (
    user: keyof typeof users,
    mechanism = 'scram-sha-512',
    secret = users[user],
  ) => ({
    KAFKA_BROKERS: broker.brokers.join(','),
    KAFKA_TLS_CA_FILE: broker.credentials!.caFile,
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: user,
    KAFKA_SASL_PASSWORD: secret,
    KAFKA_CREATE_TOPICS: 'false',
    LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    const port = await freePort();
    [broker, database] = await Promise.all([
      startBroker({
        port,
        controllerPort: await freePort(),
        heapMb: 512,
        security: { users },
        log: () => undefined,
      }),
      createTestDatabase('secured_kafka_e2e'),
    ]);
    const { ca, superUser } = broker.credentials!;
    admin = createKafka({
      brokers: broker.brokers,
      clientId: 'secured-e2e-admin',
      logLevel: 'silent',
      security: { tls: { ca }, sasl: { mechanism: 'scram-sha-512', ...superUser } },
    });
    const client = admin.admin();
    await client.connect();
    try {
      await ensureTopics(client, allTopics);
      await client.createAcls({
        acl: [
          ...aclEntries('svc-ingest', SERVICE_ACLS['webhook-ingest']),
          ...aclEntries('svc-sessions', SERVICE_ACLS['session-service'](groupId)),
          // session-service's writes without its reads: it may produce, not consume.
          ...aclEntries('svc-writer', {
            ...SERVICE_ACLS['session-service'](groupId),
            reads: [],
            groupPrefixes: [],
          }),
        ],
      });
    } finally {
      await client.disconnect();
    }
    // Leaders of topics created a moment ago may still be moving: retried.
    for (let attempt = 1; !events; attempt++) {
      try {
        events = await collectFrom(
          admin,
          Topics.sleepSessions.name,
          await topicEnds(admin, Topics.sleepSessions.name),
        );
      } catch (error) {
        if (attempt === 30) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }, 300_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop('SIGKILL')));
    await events?.stop();
    await database?.drop();
    await broker?.stop();
  });

  it('carries a webhook from webhook-ingest to session-service, each service with its own user and ACLs', async () => {
    const [ingest, sessions] = await Promise.all([
      startApp('webhook-ingest', {
        ...kafkaEnv('svc-ingest'),
        WEBHOOK_API_KEYS: `secured:${API_KEY}`,
      }),
      // SCRAM-SHA-256 here, SHA-512 for ingest: both mechanisms are offered.
      startApp('session-service', {
        ...kafkaEnv('svc-sessions', 'scram-sha-256'),
        DATABASE_URL: database.url,
        SESSION_GROUP_ID: groupId,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
      }),
    ]);
    apps.push(ingest, sessions);
    await Promise.all([
      waitForStatus(ingest, '/health/ready', 200, 120_000),
      waitForStatus(sessions, '/health/ready', 200, 120_000),
    ]);

    const night = generateNight({ userId: freshUserId(), date: '2025-03-12', seed: 5 });
    const delivery = nightDeliveries(night, { apiKey: API_KEY }).find(
      (d) => d.event === 'INFERENCE_COMPLETE',
    )!;
    const response = await fetch(`${ingest.url}/v1/webhooks/asleep`, {
      method: 'POST',
      headers: { ...delivery.headers, 'content-type': 'application/json' },
      body: JSON.stringify(delivery.body),
    });
    expect(response.status).toBe(200);
    const event = await until(() => events!.messages.find((m) => m.key === night.userId));
    expect(JSON.parse(event.value!)).toMatchObject({ tenantId: 'secured', key: night.userId });
  });

  it('stops a service whose user lacks the ACLs, saying what Kafka refused, instead of hanging', async () => {
    const intruder = await startApp('session-service', {
      ...kafkaEnv('svc-intruder'),
      DATABASE_URL: database.url,
      SESSION_GROUP_ID: `intruder-${randomBytes(3).toString('hex')}`,
    });
    apps.push(intruder);
    const exit = await exitWithin(intruder, 120_000);
    expect(exit?.code).toBe(1);
    expect(intruder.output()).toMatch(
      /Kafka refused [^\n]*svc-intruder[^\n]*: (CLUSTER|TOPIC|GROUP)_AUTHORIZATION_FAILED/,
    );
  });

  it('stops a service allowed to produce but not to read its topics, naming the topic', async () => {
    const writer = await startApp('session-service', {
      ...kafkaEnv('svc-writer'),
      DATABASE_URL: database.url,
      SESSION_GROUP_ID: groupId,
    });
    apps.push(writer);
    const exit = await exitWithin(writer, 120_000);
    expect(exit?.code).toBe(1);
    expect(writer.output()).toMatch(
      /Kafka refused [^\n]*(platform\.tenants\.v1|asleep\.webhooks\.v1|sleep\.users\.v1|sleep\.session-commands\.v1)[^\n]*: (TOPIC|GROUP)_AUTHORIZATION_FAILED/,
    );
  });

  it('stops at once on a wrong password, naming the user', async () => {
    const wrong = await startApp(
      'webhook-ingest',
      kafkaEnv('svc-ingest', 'scram-sha-512', 'not-the-password'),
    );
    apps.push(wrong);
    const exit = await exitWithin(wrong, 60_000);
    expect(exit?.code).toBe(1);
    expect(wrong.output()).toMatch(
      /Kafka refused the connection of svc-ingest: SASL_AUTHENTICATION_FAILED/,
    );
  });
});
