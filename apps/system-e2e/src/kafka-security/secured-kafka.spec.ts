import { randomBytes } from 'node:crypto';
import { type AsleepSim, generateNight, nightDeliveries, startAsleepSim } from '@sleep/asleep-sim';
import { allTopics, Topics } from '@sleep/contracts';
import { aclEntries, createKafka, ensureTopics, type Kafka, serviceAcls } from '@sleep/messaging';
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
import { createTenant, gatewayJwtEnv } from '../gateway/support/dev-tokens';
import { freshUserId } from '../session-service/support/night-stream';

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
    'svc-gateway': password(),
    'svc-gateway-no-reports': password(),
    'svc-analytics': password(),
    'svc-analytics-no-group': password(),
  };
  const groupId = `secured-sessions-${randomBytes(3).toString('hex')}`;
  const analyticsGroupId = `secured-analytics-${randomBytes(3).toString('hex')}`;
  let broker: BrokerHandle;
  let admin: Kafka;
  let database: TestDatabase;
  let events: TopicCollector | undefined;
  let sim: AsleepSim;
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
    const acls = serviceAcls({
      'session-service': groupId,
      'analytics-service': analyticsGroupId,
    });
    try {
      await ensureTopics(client, allTopics);
      await client.createAcls({
        acl: [
          ...aclEntries('svc-ingest', acls['webhook-ingest']),
          ...aclEntries('svc-sessions', acls['session-service']),
          // session-service's writes without its reads: it may produce, not consume.
          ...aclEntries('svc-writer', { ...acls['session-service'], reads: [], groupPrefixes: [] }),
          ...aclEntries('svc-gateway', acls.gateway),
          // The gateway's ACLs but one: it may not read the reports it relays to subscribers.
          ...aclEntries('svc-gateway-no-reports', {
            ...acls.gateway,
            reads: acls.gateway.reads.filter((topic) => topic !== Topics.sleepReports.name),
          }),
          ...aclEntries('svc-analytics', acls['analytics-service']),
          // analytics-service's topics without its consumer groups.
          ...aclEntries('svc-analytics-no-group', {
            ...acls['analytics-service'],
            groupPrefixes: [],
          }),
        ],
      });
    } finally {
      await client.disconnect();
    }
    events = await collectFromEnd(Topics.sleepSessions.name);
    sim = await startAsleepSim({ apiKeys: [API_KEY], seed: 12 });
  }, 300_000);

  /** Reads `topic` from its current end; leaders of topics created a moment ago may still move. */
  async function collectFromEnd(topic: string): Promise<TopicCollector> {
    for (let attempt = 1; ; attempt++) {
      try {
        const collector = await collectFrom(admin, topic, await topicEnds(admin, topic));
        collectors.push(collector);
        return collector;
      } catch (error) {
        if (attempt === 30) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
  const collectors: TopicCollector[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop('SIGKILL')));
    await Promise.all(collectors.map((collector) => collector.stop()));
    await sim?.stop();
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

  it('runs the gateway with its own ACLs: it follows its topics and announces a tenant', async () => {
    const tenants = await collectFromEnd(Topics.tenants.name);
    const gateway = await startApp('gateway', {
      ...kafkaEnv('svc-gateway'),
      ...gatewayJwtEnv,
      DATABASE_URL: database.url,
      ASLEEP_BASE_URL: sim.url,
    });
    apps.push(gateway);
    // Ready means its consumers of sessions, users, reports and insights joined their groups.
    await waitForStatus(gateway, '/health/ready', 200, 120_000);
    const tenantId = `secured-${randomBytes(3).toString('hex')}`;
    await createTenant(gateway.url, { id: tenantId, name: 'Secured', asleepApiKey: API_KEY });
    await until(() => tenants.messages.find((m) => m.key === tenantId));
  });

  it('stops the gateway when its user may not read one of its topics, naming it', async () => {
    const gateway = await startApp('gateway', {
      ...kafkaEnv('svc-gateway-no-reports'),
      ...gatewayJwtEnv,
      DATABASE_URL: database.url,
    });
    apps.push(gateway);
    const exit = await exitWithin(gateway, 120_000);
    expect(exit?.code).toBe(1);
    expect(gateway.output()).toMatch(
      /Kafka refused [^\n]*sleep\.reports\.v1[^\n]*: (TOPIC|GROUP)_AUTHORIZATION_FAILED/,
    );
  });

  it('runs analytics-service with its own ACLs: it reads sessions and dead-letters what it cannot use', async () => {
    const dlq = await collectFromEnd(Topics.sleepSessionsDlq.name);
    const analytics = await startApp('analytics-service', {
      ...kafkaEnv('svc-analytics'),
      DATABASE_URL: database.url,
      ANALYTICS_GROUP_ID: analyticsGroupId,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    });
    apps.push(analytics);
    await waitForStatus(analytics, '/health/ready', 200, 120_000);
    const key = freshUserId();
    const producer = admin.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: Topics.sleepSessions.name,
        messages: [{ key, value: '{"not":"a session event"}' }],
      });
    } finally {
      await producer.disconnect();
    }
    await until(() => dlq.messages.find((m) => m.key === key), 120_000);
  });

  it('stops analytics-service when its user may not join its consumer groups', async () => {
    const analytics = await startApp('analytics-service', {
      ...kafkaEnv('svc-analytics-no-group'),
      DATABASE_URL: database.url,
      ANALYTICS_GROUP_ID: analyticsGroupId,
    });
    apps.push(analytics);
    const exit = await exitWithin(analytics, 120_000);
    expect(exit?.code).toBe(1);
    expect(analytics.output()).toMatch(/Kafka refused [^\n]*: GROUP_AUTHORIZATION_FAILED/);
  });
});
