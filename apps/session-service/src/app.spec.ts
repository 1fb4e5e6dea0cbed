import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TENANT_UPDATED, Topics, USER_DELETED } from '@sleep/contracts';
import {
  BatchingProducer,
  createKafka,
  DEV_EVENT_SIGNING_SEED,
  type Kafka,
  MessageSigner,
} from '@sleep/messaging';
import {
  collectFrom,
  type ReadMessage,
  startGroupAtEnd,
  topicEnds,
  type TopicCollector,
} from '@sleep/testkit';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import {
  createServiceApp,
  DEV_TENANT_KEK,
  DEVELOPMENT_SERVICE_KEYS,
  loadConfig,
  ManagementEndpoints,
  parseKek,
  sealSecret,
  ServiceTokenSigner,
} from '@sleep/service-kit';
import { SESSION_RPC_PREFIX, type SessionRouter } from '@sleep/session-rpc';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { AppModule } from './app.module';
import { SealedTenantKeys } from './asleep/sealed-tenant-keys';
import { type AppConfig, envSchema } from './config';
import { sampleSleepData } from './testing/samples';
import { silentLogger } from './testing/store-fixture';
import { webhookBodies, webhookMessage } from './testing/webhook-messages';

const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const gatewayTokens = new ServiceTokenSigner('gateway', DEVELOPMENT_SERVICE_KEYS['gateway']);
const analyticsTokens = new ServiceTokenSigner(
  'analytics-service',
  DEVELOPMENT_SERVICE_KEYS['analytics-service'],
);

describe('session-service in process (real Kafka and Postgres)', () => {
  const groupId = `session-app-spec-${randomBytes(4).toString('hex')}`;
  const userId = `G-20250301093015-App${randomBytes(6).toString('hex')}`;
  let database: TestDatabase;
  let kafka: Kafka;
  let producer: BatchingProducer;
  let app: NestFastifyApplication;
  let config: AppConfig;
  let rpc: ReturnType<typeof createTRPCClient<SessionRouter>>;
  let events: TopicCollector;
  /** This deployment's events about the user: another one reading the same webhooks publishes copies. */
  const ours = (messages: ReadMessage[]) =>
    messages.filter(
      (m) => m.key === userId && m.headers['source'] === `session-service:${groupId}`,
    );
  let deadLetters: TopicCollector;
  let userDeadLetters: TopicCollector;
  let tenantDeadLetters: TopicCollector;
  const signer = new MessageSigner(DEV_EVENT_SIGNING_SEED);
  const forger = new MessageSigner(randomBytes(32).toString('base64'));
  /** A message as the gateway signs it (or as someone without its key would). */
  const signed = (topic: string, key: string, value: object, by = signer) => {
    const text = JSON.stringify(value);
    return { key, value: text, headers: by.headers(topic, key, text) };
  };

  beforeAll(async () => {
    database = await createTestDatabase('session_app');
    kafka = createKafka({ brokers, clientId: 'session-app-spec', logLevel: 'error' });
    producer = new BatchingProducer(kafka);
    events = await collectFrom(
      kafka,
      Topics.sleepSessions.name,
      await topicEnds(kafka, Topics.sleepSessions.name),
    );
    deadLetters = await collectFrom(
      kafka,
      Topics.asleepWebhooksDlq.name,
      await topicEnds(kafka, Topics.asleepWebhooksDlq.name),
    );
    userDeadLetters = await collectFrom(
      kafka,
      Topics.sleepUsersDlq.name,
      await topicEnds(kafka, Topics.sleepUsersDlq.name),
    );
    tenantDeadLetters = await collectFrom(
      kafka,
      Topics.tenantsDlq.name,
      await topicEnds(kafka, Topics.tenantsDlq.name),
    );
    await startGroupAtEnd(kafka, groupId, [Topics.asleepWebhooks.name]);
    await startGroupAtEnd(kafka, `${groupId}.users`, [Topics.sleepUsers.name]);
    config = loadConfig(envSchema, {
      KAFKA_BROKERS: brokers,
      DATABASE_URL: database.url,
      SESSION_GROUP_ID: groupId,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'silent',
    });
    app = await createServiceApp({ rootModule: AppModule.register(config, silentLogger) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = await app.getUrl();
    rpc = createTRPCClient<SessionRouter>({
      links: [
        httpBatchLink({
          url: `${url}${SESSION_RPC_PREFIX}`,
          headers: () => gatewayTokens.headers('session-service'),
        }),
      ],
    });
    for (let ready = false; !ready; await sleep(100))
      ready = (await app.get(ManagementEndpoints).handle('/health/ready')).status === 200;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([
      events?.stop(),
      deadLetters?.stop(),
      userDeadLetters?.stop(),
      tenantDeadLetters?.stop(),
      producer?.disconnect(),
    ]);
    await database?.drop();
  }, 60_000);

  it('serves the typed router over HTTP on its own port', async () => {
    const error = await rpc.getUser
      .query({ tenantId: 'acme', asleepUserId: userId })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<SessionRouter>).data?.code).toBe('NOT_FOUND');
  });

  it('refuses a caller without a service token (401), and one calling what it may not (403)', async () => {
    const url = await app.getUrl();
    const input = encodeURIComponent(
      JSON.stringify({ 0: { tenantId: 'acme', asleepUserId: userId, sessionId: 's1' } }),
    );
    const read = `${url}${SESSION_RPC_PREFIX}/getSession?batch=1&input=${input}`;
    expect((await fetch(read)).status).toBe(401);
    expect((await fetch(read, { headers: { 'x-caller': 'gateway' } })).status).toBe(401);
    const remove = await fetch(`${url}${SESSION_RPC_PREFIX}/deleteSession?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ 0: { tenantId: 'acme', asleepUserId: userId, sessionId: 's1' } }),
    });
    expect(remove.status).toBe(401);
    // analytics-service's token opens the rebuild stream only.
    expect(
      (await fetch(read, { headers: await analyticsTokens.headers('session-service') })).status,
    ).toBe(403);
    // A token meant for analytics-service is not one for session-service.
    expect(
      (await fetch(read, { headers: await gatewayTokens.headers('analytics-service') })).status,
    ).toBe(401);
  });

  it('consumes a duplicated, shuffled night into one stored session and one completed event', async () => {
    const bodies = webhookBodies(userId, sampleSleepData());
    const shuffled = [...bodies, ...bodies.slice(5, 12)].sort(() => Math.random() - 0.5);
    await producer.publish(
      Topics.asleepWebhooks.name,
      shuffled.map(({ eventId, body }) => webhookMessage('acme', userId, eventId, body)),
    );

    const sessionId = sampleSleepData().session.id;
    for (let state = ''; state !== 'COMPLETE'; await sleep(100)) {
      state =
        (
          await rpc.getSession
            .query({ tenantId: 'acme', asleepUserId: userId, sessionId })
            .catch(() => null)
        )?.session.state ?? '';
    }
    const [night, user] = await Promise.all([
      rpc.getSession.query({ tenantId: 'acme', asleepUserId: userId, sessionId }),
      rpc.getUser.query({ tenantId: 'acme', asleepUserId: userId }),
    ]);
    expect(night).toEqual(sampleSleepData());
    expect(user).toMatchObject({ user_id: userId, session_count: 1 });

    const read = await events.waitFor((messages) =>
      ours(messages).some((m) => m.value?.includes('sleep.session.completed')),
    );
    const mine = ours(read).map((m) => JSON.parse(m.value ?? '{}'));
    expect(mine.filter((e) => e.type === 'sleep.session.completed')).toHaveLength(1);
    expect(mine.map((e) => e.payload.version)).toEqual(mine.map((_, i) => i + 1));
  }, 40_000);

  it('answers reads and stays ready while every connection of the main pool is busy', async () => {
    // As under a backlog: the consumers' batches and the relay hold all of the main pool.
    const writes = app.get<DatabaseHandle>(DATABASE);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding = 0;
    const holders = Array.from({ length: config.DATABASE_POOL_SIZE }, () =>
      writes.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        holding += 1;
        await released;
      }),
    );
    try {
      while (holding < config.DATABASE_POOL_SIZE) await sleep(20);
      const sessionId = sampleSleepData().session.id;
      const [night, ready] = await Promise.all([
        rpc.getSession.query({ tenantId: 'acme', asleepUserId: userId, sessionId }),
        app.get(ManagementEndpoints).handle('/health/ready'),
      ]);
      expect(night).toEqual(sampleSleepData());
      expect(ready.status).toBe(200);
    } finally {
      release();
      await Promise.all(holders);
    }
  }, 30_000);

  it('dead-letters what cannot be a night, with the reason, and goes on', async () => {
    const bad = { ...(webhookBodies(userId, sampleSleepData())[3].body as { data: object }) };
    const early = { ...bad, data: { ...bad.data, seq_num: 2 } };
    await producer.publish(Topics.asleepWebhooks.name, [
      { key: userId, value: '{not json' },
      webhookMessage('acme', userId, 'x:INFERENCE_COMPLETE:0', early),
    ]);
    // Another deployment reading the same webhooks may dead-letter copies: count reasons, not letters.
    const reasonsOf = (messages: ReadMessage[]) =>
      new Set(messages.filter((m) => m.key === userId).map((m) => m.headers['x-dlq-reason']));
    const dead = await deadLetters.waitFor((messages) => reasonsOf(messages).size >= 2);
    expect([...reasonsOf(dead)].sort()).toEqual(['invalid-json', 'window-before-start']);
  }, 30_000);

  it("takes tenants' Asleep keys only from signed, sealed announcements", async () => {
    const tenantId = `keys-${randomBytes(3).toString('hex')}`;
    const kek = parseKek(DEV_TENANT_KEK);
    const state = (revision: number, key: string, sealedFor = tenantId, sealKek = kek) => ({
      eventId: `${tenantId}@${revision}`,
      type: TENANT_UPDATED,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId,
      key: tenantId,
      payload: {
        tenantId,
        name: 'Keys',
        revision,
        webhookKeys: [{ sha256: 'a'.repeat(64), validUntil: null }],
        defaultTimezone: 'UTC',
        asleepApiKey: sealSecret(key, sealKek, sealedFor),
      },
    });
    const topic = Topics.tenants.name;
    await producer.publish(topic, [
      signed(topic, tenantId, state(1, 'sk-genuine-1')),
      // Unsigned, forged, sealed for another tenant, sealed under a KEK this service lacks.
      { key: tenantId, value: JSON.stringify(state(2, 'sk-unsigned')) },
      signed(topic, tenantId, state(3, 'sk-forged'), forger),
      signed(topic, tenantId, state(4, 'sk-moved', 'another-tenant')),
      signed(topic, tenantId, state(5, 'sk-other-kek', tenantId, randomBytes(32))),
    ]);
    const keys = app.get(SealedTenantKeys);
    // Every service reading the tenants topic may dead-letter the same record (webhook-ingest's
    // suites share the broker): one reason per source record, in the topic's order.
    const reasons = (messages: ReadMessage[]) => [
      ...new Map(
        messages
          .filter((m) => m.key === tenantId)
          .sort(
            (a, b) => Number(a.headers['x-source-offset']) - Number(b.headers['x-source-offset']),
          )
          .map((m) => [m.headers['x-source-offset'], m.headers['x-dlq-reason']]),
      ).values(),
    ];
    const dead = await tenantDeadLetters.waitFor((messages) => reasons(messages).length >= 4);
    expect(reasons(dead)).toEqual([
      'unsigned',
      'signature-invalid',
      'sealed-key-unopenable',
      'sealed-key-unopenable',
    ]);
    expect(keys.keyFor(tenantId)).toBe('sk-genuine-1');
    await producer.publish(topic, signed(topic, tenantId, state(6, 'sk-rotated')));
    for (let waited = 0; keys.keyFor(tenantId) !== 'sk-rotated' && waited < 15_000; waited += 100)
      await sleep(100);
    expect(keys.keyFor(tenantId)).toBe('sk-rotated');
  }, 30_000);

  it('applies only user deletions the gateway signed; forged ones are dead-lettered', async () => {
    const deletion = {
      eventId: `delete-${userId}`,
      type: USER_DELETED,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId: 'acme',
      key: userId,
      payload: { userId },
    };
    const topic = Topics.sleepUsers.name;
    await producer.publish(topic, [
      { key: userId, value: JSON.stringify(deletion) },
      signed(topic, userId, deletion, forger),
    ]);
    const reasons = (messages: ReadMessage[]) =>
      messages.filter((m) => m.key === userId).map((m) => m.headers['x-dlq-reason']);
    const dead = await userDeadLetters.waitFor((messages) => reasons(messages).length >= 2);
    expect(reasons(dead)).toEqual(['unsigned', 'signature-invalid']);
    await expect(
      rpc.getUser.query({ tenantId: 'acme', asleepUserId: userId }),
    ).resolves.toMatchObject({ user_id: userId });
  }, 30_000);

  it('deletes a user and every session on sleep.users.v1, announcing each deletion', async () => {
    const topic = Topics.sleepUsers.name;
    await producer.publish(
      topic,
      signed(topic, userId, {
        eventId: `delete-${userId}`,
        type: USER_DELETED,
        version: 1,
        occurredAt: new Date().toISOString(),
        tenantId: 'acme',
        key: userId,
        payload: { userId },
      }),
    );
    const read = await events.waitFor((messages) =>
      ours(messages).some((m) => m.value?.includes('sleep.session.deleted')),
    );
    const deleted = ours(read)
      .map((m) => JSON.parse(m.value ?? '{}'))
      .filter((e) => e.type === 'sleep.session.deleted');
    expect(deleted).toMatchObject([
      { payload: { reason: 'user-deleted', sessionId: sampleSleepData().session.id } },
    ]);
    await expect(
      rpc.getUser.query({ tenantId: 'acme', asleepUserId: userId }),
    ).rejects.toMatchObject({
      data: { code: 'NOT_FOUND' },
    });
  }, 30_000);

  it('counts what it did in its metrics', async () => {
    const text = (await app.get(ManagementEndpoints).handle('/metrics')).body;
    expect(text).toMatch(
      // At least: the topic is shared with other suites running at the same time.
      /session_webhooks_total\{[^}]*event="SESSION_COMPLETE",outcome="changed"[^}]*\} [1-9]\d*\n/,
    );
    expect(text).toMatch(/session_outbox_published_total\{[^}]*\} [1-9]/);
  });
});
