import { setTimeout as sleep } from 'node:timers/promises';
import { generateNight } from '@sleep/asleep-sim';
import { Topics } from '@sleep/contracts';
import { BatchingProducer, type Kafka } from '@sleep/messaging';
import { collectFrom, topicEnds, type TopicCollector } from '@sleep/testkit';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import type { AppProcess } from '@sleep/testkit';
import {
  expectedEventCount,
  freshUserId,
  interleave,
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

const USERS = 40;

describe('session-service killed in the middle of a stream', () => {
  let database: TestDatabase;
  let kafka: Kafka;
  let producer: BatchingProducer;
  let events: TopicCollector;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('session_crash');
    kafka = testKafka('session-crash-e2e');
    producer = new BatchingProducer(kafka);
    events = await collectFrom(
      kafka,
      Topics.sleepSessions.name,
      await topicEnds(kafka, Topics.sleepSessions.name),
    );
  }, 30_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop('SIGKILL')));
    await Promise.all([events?.stop(), producer?.disconnect()]);
    await database?.drop();
  });

  it('ends with the same sessions and the same events as without the crash', async () => {
    const env = {
      DATABASE_URL: database.url,
      SESSION_GROUP_ID: await freshGroup(kafka, 'session-crash'),
    };
    // Other deployments may read the same webhooks: only this one's events count here.
    const source = `session-service:${env.SESSION_GROUP_ID}`;
    const streams = Array.from({ length: USERS }, (_, i) =>
      streamNight(
        'crash',
        generateNight({ userId: freshUserId(), date: `2025-04-${10 + (i % 10)}`, seed: 5 }),
        {
          duplicates: 0.3,
          reorder: 'all',
        },
      ),
    );
    const users = new Set(streams.map((s) => s.night.userId));
    const messages = interleave(streams);
    const chunks = Array.from({ length: 20 }, (_, i) =>
      messages.slice((i * messages.length) / 20, ((i + 1) * messages.length) / 20),
    );

    const first = await startSessionService(env);
    apps.push(first);
    for (const chunk of chunks.slice(0, 8)) {
      await producer.publish(Topics.asleepWebhooks.name, chunk);
      await sleep(100);
    }
    // Killed while it works: some events are out, more of the stream is still coming.
    await events.waitFor((read) => sessionEvents(read, users, source).length > 0, 30_000);
    await first.stop('SIGKILL');
    expect(completedSessions(sessionEvents(events.messages, users, source)).size).toBeLessThan(
      USERS,
    );
    for (const chunk of chunks.slice(8)) await producer.publish(Topics.asleepWebhooks.name, chunk);

    const second = await startSessionService(env);
    apps.push(second);
    await events.waitFor(
      (read) => completedSessions(sessionEvents(read, users, source)).size === USERS,
      60_000,
    );

    const rpc = sessionRpc(second);
    const stored = await Promise.all(
      streams.map(({ night }) =>
        rpc.getSession.query({
          tenantId: 'crash',
          asleepUserId: night.userId,
          sessionId: night.sessionId,
        }),
      ),
    );
    stored.forEach((data, i) => expect(data).toEqual(truthOf(streams[i].night)));

    // Redeliveries fold into one (and must be identical); then each night has exactly the events an
    // uninterrupted run produces for this publish order.
    const bySession = eventsBySession(sessionEvents(events.messages, users, source));
    for (const stream of streams) {
      const list = bySession.get(stream.night.sessionId) ?? [];
      expect(list.map((e) => e.payload.version)).toEqual(
        Array.from({ length: expectedEventCount(stream) }, (_, v) => v + 1),
      );
      expect(list.filter((e) => e.type === 'sleep.session.completed')).toHaveLength(1);
    }
  }, 150_000);
});
