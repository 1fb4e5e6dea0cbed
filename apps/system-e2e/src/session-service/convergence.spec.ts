import { generateNight, startAsleepSim, type AsleepSim } from '@sleep/asleep-sim';
import { formatInstant } from '@sleep/sleep-metrics';
import { Topics } from '@sleep/contracts';
import { BatchingProducer, type Kafka } from '@sleep/messaging';
import { collectFrom, topicEnds, type TopicCollector } from '@sleep/testkit';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import type { AppProcess } from '@sleep/testkit';
import { requestBackfill } from './support/backfill-cli';
import {
  expectedEventCount,
  freshUserId,
  interleave,
  type NightStream,
  streamNight,
  truthOf,
} from './support/night-stream';
import { completedSessions, eventsBySession, sessionEvents } from './support/session-events';
import {
  freshGroup,
  sessionRpc,
  startSessionService,
  testKafka,
} from './support/session-service-process';
import { announceTenantKey } from './support/tenant-announcement';

const USERS = 110;
const REC_KEY = 'rec-key';

describe('session-service converges whatever the order of arrival', () => {
  let database: TestDatabase;
  let sim: AsleepSim;
  let kafka: Kafka;
  let producer: BatchingProducer;
  let events: TopicCollector;
  let app: AppProcess;
  let rpc: ReturnType<typeof sessionRpc>;
  /** Other deployments may read the same webhooks: only this one's events count here. */
  let source: string;

  beforeAll(async () => {
    [database, sim] = await Promise.all([
      createTestDatabase('session_e2e'),
      startAsleepSim({ apiKeys: [REC_KEY], seed: 11 }),
    ]);
    kafka = testKafka('session-convergence-e2e');
    producer = new BatchingProducer(kafka);
    const groupId = await freshGroup(kafka, 'session-e2e');
    source = `session-service:${groupId}`;
    events = await collectFrom(
      kafka,
      Topics.sleepSessions.name,
      await topicEnds(kafka, Topics.sleepSessions.name),
    );
    // Only tenant `rec` may reach the simulator: the convergence tenant has no key, so recovery cannot mask it.
    await announceTenantKey(producer, 'rec', REC_KEY);
    app = await startSessionService({
      DATABASE_URL: database.url,
      SESSION_GROUP_ID: groupId,
      ASLEEP_BASE_URL: sim.url,
      SESSION_RECOVERY_AFTER_MS: '1500',
      SESSION_RECOVERY_INTERVAL_MS: '500',
    });
    rpc = sessionRpc(app);
  }, 90_000);

  afterAll(async () => {
    await app?.stop('SIGTERM');
    await Promise.all([events?.stop(), producer?.disconnect(), sim?.stop()]);
    await database?.drop();
  });

  async function expectStoredAsTruth(streams: readonly NightStream[]) {
    const stored = await Promise.all(
      streams.map(({ tenantId, night }) =>
        rpc.getSession.query({
          tenantId,
          asleepUserId: night.userId,
          sessionId: night.sessionId,
          timezone: 'UTC',
        }),
      ),
    );
    stored.forEach((data, i) => expect(data).toEqual(truthOf(streams[i].night)));
  }

  it(`stores ${USERS} users' duplicated and shuffled nights exactly as the simulator's truth, one completed event each`, async () => {
    const streams = Array.from({ length: USERS }, (_, i) =>
      streamNight(
        'conv',
        generateNight({ userId: freshUserId(), date: `2025-03-${10 + (i % 15)}`, seed: 11 }),
        {
          duplicates: 0.3,
          reorder: 'all',
        },
      ),
    );
    const messages = interleave(streams);
    const users = new Set(streams.map((s) => s.night.userId));
    for (let i = 0; i < messages.length; i += 1_000)
      await producer.publish(Topics.asleepWebhooks.name, messages.slice(i, i + 1_000));

    await events.waitFor(
      (read) => completedSessions(sessionEvents(read, users, source)).size === USERS,
      60_000,
    );
    await expectStoredAsTruth(streams);

    const mine = sessionEvents(events.messages, users, source);
    expect(mine.filter((e) => e.type === 'sleep.session.completed')).toHaveLength(USERS);
    expect(new Set(mine.map((e) => e.eventId)).size).toBe(mine.length);
    const bySession = eventsBySession(mine);
    for (const stream of streams) {
      const list = bySession.get(stream.night.sessionId) ?? [];
      expect(list.map((e) => e.payload.version)).toEqual(
        Array.from({ length: expectedEventCount(stream) }, (_, v) => v + 1),
      );
      expect(list.at(-1)).toMatchObject({
        type: 'sleep.session.completed',
        payload: { sleepData: truthOf(stream.night) },
      });
    }
  }, 120_000);

  it('completes from the Asleep API the nights whose SESSION_COMPLETE never came', async () => {
    const recovered = Array.from({ length: 8 }, () =>
      sim.createUserWithNights({ apiKey: REC_KEY, nights: 2 }),
    );
    const streams = recovered.flatMap(({ nights }) =>
      nights.map((night) =>
        streamNight('rec', night, {
          dropSessionComplete: () => true,
          duplicates: 0.2,
          reorder: 'window',
        }),
      ),
    );
    expect(streams.every((s) => s.sends.every((d) => d.event === 'INFERENCE_COMPLETE'))).toBe(true);
    const users = new Set(streams.map((s) => s.night.userId));
    await producer.publish(Topics.asleepWebhooks.name, interleave(streams));

    await events.waitFor(
      (read) => completedSessions(sessionEvents(read, users, source)).size === streams.length,
      60_000,
    );
    await expectStoredAsTruth(streams);
    expect(sim.requests.count('GET /data/v3/sessions/:session_id')).toBeGreaterThanOrEqual(
      streams.length,
    );
  }, 90_000);

  it("imports a user's history for a date range on a backfill command, slowed but not stopped by rate limits", async () => {
    const { userId, nights } = sim.createUserWithNights({
      apiKey: REC_KEY,
      nights: 6,
      timezone: 'Asia/Seoul',
      lastDate: '2025-03-20',
    });
    const startDate = (ms: number) => formatInstant(ms, 'Asia/Seoul').slice(0, 10);
    const wanted = nights.filter(
      (night) =>
        startDate(night.startMs) >= '2025-03-16' && startDate(night.startMs) <= '2025-03-19',
    );
    expect(wanted.length).toBeGreaterThan(0);
    sim.requests.reset();
    sim.faults.set({ rateLimit: { limit: 2, windowMs: 1_000 } });
    try {
      const { commandId } = await requestBackfill({
        tenant: 'rec',
        user: userId,
        from: '2025-03-16',
        to: '2025-03-19',
        timezone: 'Asia/Seoul',
      });
      expect(commandId).toEqual(expect.any(String));
      const users = new Set([userId]);
      await events.waitFor(
        (read) => completedSessions(sessionEvents(read, users, source)).size === wanted.length,
        60_000,
      );
    } finally {
      sim.faults.reset();
    }
    const listed = await rpc.listSessions.query({
      tenantId: 'rec',
      asleepUserId: userId,
      order_by: 'ASC',
      timezone: 'Asia/Seoul',
    });
    expect(listed.sleep_session_list.map((item) => item.session_id)).toEqual(
      wanted.map((night) => night.sessionId),
    );
    await expectStoredAsTruth(wanted.map((night) => ({ tenantId: 'rec', night, sends: [] })));
    expect(sim.requests.countOutcome(403)).toBeGreaterThan(0);
  }, 90_000);
});
