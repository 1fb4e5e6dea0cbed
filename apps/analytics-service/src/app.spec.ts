import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Topics, USER_DELETED, USER_UPSERTED } from '@sleep/contracts';
import {
  BatchingProducer,
  createKafka,
  DEV_EVENT_SIGNING_SEED,
  ensureTopics,
  type Kafka,
  MessageSigner,
} from '@sleep/messaging';
import { collectFrom, startGroupAtEnd, topicEnds, type TopicCollector } from '@sleep/testkit';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import {
  createServiceApp,
  DEVELOPMENT_SERVICE_KEYS,
  loadConfig,
  ManagementEndpoints,
  ServiceTokenSigner,
} from '@sleep/service-kit';
import pino from 'pino';
import { Client } from 'pg';
import { ANALYTICS_RPC_PREFIX, type AnalyticsRouter } from '@sleep/analytics-rpc';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { AppModule } from './app.module';
import { envSchema } from './config';
import { retried } from './testing/retried';
import { completedEvent, deletedEvent, sleepData, uniqueUserId } from './testing/session-events';
import { userEvent } from './testing/user-events';

const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const gatewayTokens = new ServiceTokenSigner('gateway', DEVELOPMENT_SERVICE_KEYS['gateway']);
const silent = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

describe('analytics-service in process (real Kafka and Postgres)', () => {
  const groupId = `analytics-app-spec-${randomBytes(4).toString('hex')}`;
  const tenant = 'acme';
  let database: TestDatabase;
  let pg: Client;
  let kafka: Kafka;
  let producer: BatchingProducer;
  let app: NestFastifyApplication;
  let url: string;
  let deadLetters: TopicCollector;
  let rpc: ReturnType<typeof createTRPCClient<AnalyticsRouter>>;

  beforeAll(async () => {
    database = await createTestDatabase('analytics_app');
    kafka = createKafka({ brokers, clientId: 'analytics-app-spec', logLevel: 'error' });
    producer = new BatchingProducer(kafka);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin);
    await admin.disconnect();
    // A broker that just created the topics may not have elected their leaders everywhere yet.
    await retried(() => startGroupAtEnd(kafka, `${groupId}.sessions`, [Topics.sleepSessions.name]));
    await retried(() => startGroupAtEnd(kafka, `${groupId}.users`, [Topics.sleepUsers.name]));
    deadLetters = await collectFrom(
      kafka,
      Topics.sleepSessionsDlq.name,
      await retried(() => topicEnds(kafka, Topics.sleepSessionsDlq.name)),
    );
    const config = loadConfig(envSchema, {
      KAFKA_BROKERS: brokers,
      DATABASE_URL: database.url,
      ANALYTICS_GROUP_ID: groupId,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'silent',
    });
    app = await createServiceApp({ rootModule: AppModule.register(config, silent) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
    for (let ready = false; !ready; await sleep(100))
      ready = (await app.get(ManagementEndpoints).handle('/health/ready')).status === 200;
    rpc = createTRPCClient<AnalyticsRouter>({
      links: [
        httpBatchLink({
          url: `${url}${ANALYTICS_RPC_PREFIX}`,
          headers: () => gatewayTokens.headers('analytics-service'),
        }),
      ],
    });
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await pg?.end();
    await Promise.all([deadLetters?.stop(), producer?.disconnect()]);
    await database?.drop();
  });

  const signer = new MessageSigner(DEV_EVENT_SIGNING_SEED);
  /** Signed as the gateway signs: `sleep.users.v1` takes nothing else. */
  const publish = (topic: string, key: string, value: unknown) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return producer.publish(topic, [
      { key, value: text, headers: signer.headers(topic, key, text) },
    ]);
  };

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let i = 0; i < 300; i++) {
      const value = await read();
      if (done(value)) return value;
      await sleep(100);
    }
    throw new Error('condition not met within 30 s');
  }

  /** The offsets `groupId` has committed on `topic`, by partition. */
  async function committed(groupId: string, topic: string): Promise<Map<number, bigint>> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return new Map(offsets.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    } finally {
      await admin.disconnect();
    }
  }

  const factCount = async (userId: string) =>
    Number(
      (await pg.query('select count(*) from analytics.nightly_facts where user_id = $1', [userId]))
        .rows[0].count,
    );

  it("refuses an RPC call without the gateway's service token with 401", async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { tenantId: tenant, appUserId: 'u1' } }));
    const path = `${url}${ANALYTICS_RPC_PREFIX}/rules?batch=1&input=${input}`;
    expect((await fetch(path)).status).toBe(401);
    expect((await fetch(path, { headers: { 'x-caller': 'gateway' } })).status).toBe(401);
    // analytics-service's own key is trusted by nobody here: only the gateway calls it.
    const analyticsTokens = new ServiceTokenSigner(
      'analytics-service',
      DEVELOPMENT_SERVICE_KEYS['analytics-service'],
    );
    const own = await analyticsTokens.headers('analytics-service');
    expect((await fetch(path, { headers: own })).status).toBe(401);
  });

  it('turns completed sessions into facts and applies deletions from the topic', async () => {
    const userId = uniqueUserId();
    const a = sleepData({ start: '2025-03-10T14:00:00Z' });
    const b = sleepData({ start: '2025-03-11T14:00:00Z' });
    await publish(Topics.sleepSessions.name, userId, completedEvent(tenant, userId, a));
    await publish(Topics.sleepSessions.name, userId, completedEvent(tenant, userId, b));
    // Redelivered: changes nothing.
    await publish(Topics.sleepSessions.name, userId, completedEvent(tenant, userId, a));
    await until(
      () => factCount(userId),
      (n) => n === 2,
    );
    await publish(Topics.sleepSessions.name, userId, deletedEvent(tenant, userId, a.session.id, 2));
    await until(
      () => factCount(userId),
      (n) => n === 1,
    );
    const metrics = (await app.get(ManagementEndpoints).handle('/metrics')).body;
    expect(metrics).toMatch(/analytics_facts_stored_total(\{[^}]*\})? [1-9]/);
    expect(metrics).toMatch(/kafka_consumed_messages_total/);
  }, 60_000);

  it('sends an event that fails its schema to the DLQ with the reason and keeps going', async () => {
    const userId = uniqueUserId();
    const good = completedEvent(tenant, userId, sleepData({ start: '2025-03-10T14:00:00Z' }));
    const bad = { ...good, payload: { ...good.payload, version: -1 } };
    await publish(Topics.sleepSessions.name, userId, bad);
    await publish(Topics.sleepSessions.name, userId, good);
    await until(
      () => factCount(userId),
      (n) => n === 1,
    );
    const [letter] = await deadLetters.waitFor((m) => m.some((x) => x.key === userId));
    expect(JSON.parse(letter.value ?? '{}')).toMatchObject({
      reason: 'schema-mismatch',
      sourceTopic: Topics.sleepSessions.name,
    });
  }, 60_000);

  it('keeps the profile fields age bands need and forgets a deleted user entirely', async () => {
    const userId = uniqueUserId();
    const envelope = (type: string, payload: object) => userEvent(tenant, userId, type, payload);
    await publish(
      Topics.sleepUsers.name,
      userId,
      envelope(USER_UPSERTED, { userId, metadata: { birth_year: 1990, gender: 'female' } }),
    );
    await publish(
      Topics.sleepSessions.name,
      userId,
      completedEvent(tenant, userId, sleepData({ start: '2025-03-10T14:00:00Z' })),
    );
    const profile = await until(
      async () =>
        (
          await pg.query(
            'select birth_year, gender from analytics.user_profiles where user_id = $1',
            [userId],
          )
        ).rows,
      (rows) => rows.length === 1,
    );
    expect(profile).toEqual([{ birth_year: 1990, gender: 'female' }]);
    await until(
      () => factCount(userId),
      (n) => n === 1,
    );
    // A deletion the gateway did not sign is dead-lettered and deletes nothing.
    const usersDlq = await collectFrom(
      kafka,
      Topics.sleepUsersDlq.name,
      await topicEnds(kafka, Topics.sleepUsersDlq.name),
    );
    try {
      await producer.publish(Topics.sleepUsers.name, {
        key: userId,
        value: JSON.stringify(envelope(USER_DELETED, { userId })),
      });
      const dead = await usersDlq.waitFor((messages) => messages.some((m) => m.key === userId));
      expect(dead.find((m) => m.key === userId)?.headers['x-dlq-reason']).toBe('unsigned');
    } finally {
      await usersDlq.stop();
    }
    expect(await factCount(userId)).toBe(1);
    await publish(Topics.sleepUsers.name, userId, envelope(USER_DELETED, { userId }));
    await until(
      () => factCount(userId),
      (n) => n === 0,
    );
    // A late event about the deleted user does not bring them back.
    await publish(
      Topics.sleepSessions.name,
      userId,
      completedEvent(tenant, userId, sleepData({ start: '2025-03-12T14:00:00Z' })),
    );
    // Read and passed over, not still on its way: the service's group has committed past it.
    const published = await topicEnds(kafka, Topics.sleepSessions.name);
    await until(
      () => committed(`${groupId}.sessions`, Topics.sleepSessions.name),
      (offsets) =>
        [...published].every(([partition, end]) => (offsets.get(partition) ?? -1n) >= BigInt(end)),
    );
    expect(await factCount(userId)).toBe(0);
  }, 60_000);

  it("reads a tenant's nights with its rules (sleep-day rule, zone, free days); a change recomputes the stored ones", async () => {
    const rulesTenant = `rules-${randomBytes(3).toString('hex')}`;
    const userId = uniqueUserId();
    const stored = async () =>
      (
        await pg.query(
          'select sleep_day::text, zone from analytics.nightly_facts where tenant_id = $1 and user_id = $2 order by start_at',
          [rulesTenant, userId],
        )
      ).rows;
    // 23:00-07:00 in Seoul: sleep day 2025-03-11 by default.
    await publish(
      Topics.sleepSessions.name,
      userId,
      completedEvent(rulesTenant, userId, sleepData({ start: '2025-03-10T14:00:00Z' })),
    );
    await until(stored, (rows) => rows.length === 1);

    const rules = {
      sleepDayRule: 'noon-anchor' as const,
      timezone: 'America/Los_Angeles',
      freeDays: [1],
    };
    expect(await rpc.setRules.mutate({ tenantId: rulesTenant, rules })).toEqual({ rules });
    expect(await rpc.rules.query({ tenantId: rulesTenant })).toEqual({ rules });
    expect(await rpc.rules.query({ tenantId: 'nobody-set-these' })).toEqual({
      rules: { sleepDayRule: null, timezone: null, freeDays: null },
    });

    // 07:00-15:00 Sunday in Los Angeles; its start moved back 12 h is Saturday 2025-03-15.
    await publish(
      Topics.sleepSessions.name,
      userId,
      completedEvent(rulesTenant, userId, sleepData({ start: '2025-03-16T14:00:00Z' })),
    );
    // The earlier night is recomputed in the background: 07:00 in Los Angeles on the 10th, its
    // start moved back 12 h is the 9th.
    const expected = [
      { sleep_day: '2025-03-09', zone: 'America/Los_Angeles' },
      { sleep_day: '2025-03-15', zone: 'America/Los_Angeles' },
    ];
    expect(
      await until(stored, (rows) => JSON.stringify(rows) === JSON.stringify(expected)),
    ).toEqual(expected);

    // Saturday is a work day for this tenant (free: Monday only).
    const regularity = await rpc.regularity.query({
      tenantId: rulesTenant,
      userId,
      from: '2025-03-15',
      to: '2025-03-15',
    });
    expect(regularity.chronotype).toMatchObject({ workNights: 1, freeNights: 0 });

    const bad = await rpc.setRules
      .mutate({ tenantId: rulesTenant, rules: { ...rules, timezone: 'Mars/Olympus' } })
      .catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(TRPCClientError);
    expect((bad as TRPCClientError<AnalyticsRouter>).message).toContain('timezone');
  }, 60_000);

  it('answers every analytics query over its RPC from the stored nights', async () => {
    const userId = uniqueUserId();
    const subject = { tenantId: tenant, userId };
    // Ten nights, 23:00-07:00 in Seoul, from Monday 2025-03-03.
    const nights = Array.from({ length: 10 }, (_, i) =>
      sleepData({ start: `2025-03-${String(2 + i).padStart(2, '0')}T14:00:00Z` }),
    );
    for (const night of nights)
      await publish(Topics.sleepSessions.name, userId, completedEvent(tenant, userId, night));
    await until(
      () => factCount(userId),
      (n) => n === 10,
    );

    const score = await rpc.score.query({ ...subject, sessionId: nights[0].session.id });
    expect(score).toMatchObject({ sleepDay: '2025-03-03', scoreVersion: expect.any(String) });
    expect(score.contributors).toHaveLength(6);

    const { nights: listed } = await rpc.nights.query({
      ...subject,
      from: '2025-03-03',
      to: '2025-03-09',
    });
    expect(listed.map((n) => n.sleepDay)).toEqual([
      '2025-03-03',
      '2025-03-04',
      '2025-03-05',
      '2025-03-06',
      '2025-03-07',
      '2025-03-08',
      '2025-03-09',
    ]);

    const average = await rpc.average.query({
      ...subject,
      start_date: '2025-03-02',
      end_date: '2025-03-11',
      timezone: 'Asia/Seoul',
    });
    expect(average.slept_sessions).toHaveLength(10);
    expect(average.average_stats?.start_time).toBe('23:00:00');

    const regularity = await rpc.regularity.query({
      ...subject,
      from: '2025-03-03',
      to: '2025-03-11',
    });
    expect(regularity.timezone).toBe('Asia/Seoul');
    expect(regularity.regularity.sri).toBe(100);

    const trends = await rpc.trends.query({
      ...subject,
      from: '2025-03-03',
      to: '2025-03-12',
      metric: 'time_in_sleep',
    });
    expect(trends.trend).toMatchObject({ nights: 10, direction: 'stable' });
    expect(trends.rolling7).toHaveLength(10);

    const report = await rpc.reports.get.query({ ...subject, kind: 'week', day: '2025-03-05' });
    expect(report).toMatchObject({ nightsTracked: 7, nightsSlept: 7 });
    // The week closed long ago: the first facts after its close produced it already.
    const stored = await rpc.reports.list.query({ ...subject, kind: 'week' });
    expect(stored.reports.map((r) => r.period.key)).toContain('2025-W10');

    await expect(
      rpc.average.query({ ...subject, start_date: '2025-03-11', end_date: '2025-03-02' }),
    ).rejects.toThrow(/end_date/);
    const unknown = await rpc.average
      .query({
        ...subject,
        userId: uniqueUserId(),
        start_date: '2025-03-02',
        end_date: '2025-03-11',
      })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(TRPCClientError);
    expect((unknown as TRPCClientError<AnalyticsRouter>).data?.code).toBe('NOT_FOUND');
    // Another tenant's user reads as unknown.
    await expect(
      rpc.nights.query({ tenantId: 'other', userId, from: '2025-03-03', to: '2025-03-09' }),
    ).resolves.toEqual({ nights: [] });

    await rpc.setScoreWeights.mutate({
      tenantId: tenant,
      weights: {
        duration: 100,
        efficiency: 0,
        continuity: 0,
        latency: 0,
        timing: 0,
        restoration: 0,
      },
    });
    const weighted = sleepData({ start: '2025-03-12T14:00:00Z' });
    await publish(Topics.sleepSessions.name, userId, completedEvent(tenant, userId, weighted));
    await until(
      () => factCount(userId),
      (n) => n === 11,
    );
    const rescored = await rpc.score.query({ ...subject, sessionId: weighted.session.id });
    expect(rescored.contributors.find((c) => c.name === 'duration')?.weight).toBe(100);
    await rpc.setScoreWeights.mutate({ tenantId: tenant, weights: null });
  }, 60_000);
});
