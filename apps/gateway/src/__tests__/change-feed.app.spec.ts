import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type Change,
  REPORT_PRODUCED,
  type ReportProduced,
  SESSION_DELETED,
  SESSION_PROGRESSED,
  type SessionDeleted,
  type SessionProgressed,
  type SyncChangesPage,
  Topics,
} from '@sleep/contracts';
import type { AppRouter } from '@sleep/gateway-api';
import { BatchingProducer } from '@sleep/messaging';
import { createServiceApp, ManagementEndpoints } from '@sleep/service-kit';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import pino from 'pino';
import { AppModule } from '../app.module';
import { RetentionJob } from '../org/retention.job';
import {
  type GatewayFixture,
  KEY_ACME,
  startGateway,
  GATEWAY_SETUP_TIMEOUT_MS,
} from './gateway-fixture';

const suffix = randomBytes(3).toString('hex');
const tenantId = `feed-${suffix}`;

const progressed = (userId: string, sessionId: string, version: number): SessionProgressed => ({
  eventId: `${sessionId}@${version}`,
  type: SESSION_PROGRESSED,
  version: 1,
  occurredAt: new Date().toISOString(),
  tenantId,
  key: userId,
  payload: {
    userId,
    sessionId,
    version,
    state: 'OPEN',
    startTime: '2026-12-01T23:00:00+00:00',
    endTime: null,
    createdTimezone: 'UTC',
    receivedEpochs: version * 10,
    epochs: {
      fromEpoch: version * 10 - 10,
      sleepStages: Array(10).fill(1),
      snoringStages: Array(10).fill(0),
      breathStages: null,
    },
  },
});

const deleted = (userId: string, sessionId: string, version: number): SessionDeleted => ({
  eventId: `${sessionId}@${version}`,
  type: SESSION_DELETED,
  version: 1,
  occurredAt: new Date().toISOString(),
  tenantId,
  key: userId,
  payload: { userId, sessionId, version, reason: 'session-deleted' },
});

const report = (userId: string, periodKey: string): ReportProduced => ({
  eventId: `${userId}:week:${periodKey}@h1`,
  type: REPORT_PRODUCED,
  version: 1,
  occurredAt: new Date().toISOString(),
  tenantId,
  key: userId,
  payload: {
    userId,
    reportId: `${userId}:week:${periodKey}`,
    kind: 'week',
    periodKey,
    body: { periodKey, averageScore: 81 },
  },
});

type Client = ReturnType<typeof createTRPCClient<AppRouter>>;

function clientOf(url: string, token: string): Client {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          EventSource,
          connectionParams: { token },
        }),
        false: httpBatchLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${token}` } }),
      }),
    ],
  });
}

/** Reads pages after `cursor` until at least `count` changes came (or 20 s passed). */
async function changesAfter(client: Client, cursor: string | undefined, count: number) {
  const seen: Change[] = [];
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const page = (await client.sync.changes.query({ cursor, limit: 2 })) as SyncChangesPage;
    expect(page.status).toBe('changes');
    seen.push(...page.changes);
    cursor = page.cursor;
    if (seen.length >= count && !page.hasMore) break;
    if (!page.hasMore) await new Promise((r) => setTimeout(r, 100));
  }
  return { seen, cursor: cursor! };
}

describe('gateway ⇄ Kafka ⇄ Postgres: the change feed', () => {
  let gw: GatewayFixture;
  let second: NestFastifyApplication | undefined;
  let producer: BatchingProducer;
  let admin: Client;
  const users: Record<string, string> = {};
  const session = (n: number) => `20261201230000_${suffix}${n}`;

  const publish = (topic: string, events: { key: string }[]) =>
    producer.publish(
      topic,
      events.map((event) => ({ key: event.key, value: JSON.stringify(event) })),
    );

  beforeAll(async () => {
    gw = await startGateway({ CHANGE_LEDGER_GROUP: `gateway-change-ledger-${suffix}` });
    producer = new BatchingProducer(gw.kafka);
    const operator = gw.client(await gw.token('platform', 'olga', 'operator'));
    await operator.platform.tenants.create.mutate({
      id: tenantId,
      name: 'Feed',
      asleepApiKey: KEY_ACME,
    });
    for (const name of ['mia', 'noah']) {
      const member = gw.client(await gw.token(tenantId, name, 'member'));
      users[name] = (await member.users.create.mutate({})).asleepUserId;
    }
    admin = clientOf(gw.url, await gw.token(tenantId, 'adam', 'admin'));
  }, GATEWAY_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await producer?.disconnect();
    await second?.close();
    await gw?.stop();
  });

  let cursor: string;

  it('turns session, report and deletion events into changes, once each despite redelivery, in each user’s order', async () => {
    const { mia, noah } = users;
    await publish(Topics.sleepSessions.name, [
      progressed(mia, session(1), 1),
      progressed(noah, session(2), 1),
      progressed(mia, session(1), 2),
      // A redelivery: the same event again.
      progressed(mia, session(1), 2),
      deleted(noah, session(2), 2),
    ]);
    await publish(Topics.sleepReports.name, [report(mia, '2026-W48'), report(mia, '2026-W48')]);
    const { seen, cursor: next } = await changesAfter(admin, undefined, 5);
    cursor = next;
    expect(seen).toHaveLength(5);
    const of = (user: string) =>
      seen
        .filter((c) => c.userId === user)
        .map((c) => [c.type, c.subjectId, c.data.version ?? null]);
    expect(of('mia')).toEqual(
      expect.arrayContaining([['report.created', `${mia}:week:2026-W48`, null]]),
    );
    expect(of('mia').filter(([type]) => type !== 'report.created')).toEqual([
      ['session.progressed', session(1), 1],
      ['session.progressed', session(1), 2],
    ]);
    expect(of('noah')).toEqual([
      ['session.progressed', session(2), 1],
      ['session.deleted', session(2), 2],
    ]);
    // Ids and counters only, never the stages.
    expect(JSON.stringify(seen)).not.toContain('sleepStages');
    const member = clientOf(gw.url, await gw.token(tenantId, 'noah', 'member'));
    const own = await changesAfter(member, undefined, 2);
    expect(own.seen.map((c) => c.userId)).toEqual(['noah', 'noah']);
  }, 60_000);

  it('streams new changes over SSE with the cursor as event id, and resumes after lastEventId', async () => {
    const got: { id: string; data: Change }[] = [];
    const arrived = new Promise<void>((resolve, reject) => {
      const subscription = admin.sync.live.subscribe(
        { cursor },
        {
          onData: (event) => {
            got.push(event as { id: string; data: Change });
            if (got.length === 2) {
              subscription.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    await publish(Topics.sleepSessions.name, [
      progressed(users['noah'], session(3), 1),
      progressed(users['noah'], session(3), 2),
    ]);
    await arrived;
    expect(got.map((e) => e.data.subjectId)).toEqual([session(3), session(3)]);
    expect(got.map((e) => e.id)).toEqual(got.map((e) => e.data.cursor));

    // Reconnecting with the first event's id replays the second, then goes on live.
    const resumed: Change[] = [];
    await new Promise<void>((resolve, reject) => {
      const subscription = admin.sync.live.subscribe(
        { cursor, lastEventId: got[0].id },
        {
          onData: (event) => {
            resumed.push((event as { data: Change }).data);
            subscription.unsubscribe();
            resolve();
          },
          onError: reject,
        },
      );
    });
    expect(resumed).toEqual([got[1].data]);
    cursor = got[1].id;
  }, 60_000);

  it('serves the feed over REST too: pages, resync, and bad input answered 400', async () => {
    const get = async (query: string, token?: string) => {
      const response = await fetch(`${gw.url}/api/sync/changes${query}`, {
        headers: {
          authorization: `Bearer ${token ?? (await gw.token(tenantId, 'adam', 'admin'))}`,
        },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const page = await get('?limit=2');
    expect(page).toMatchObject({ status: 200, body: { status: 'changes', hasMore: true } });
    expect(page.body['changes']).toHaveLength(2);
    const deletions = await get('?types=session.deleted');
    expect(deletions.status).toBe(200);
    expect((deletions.body['changes'] as Change[]).map((c) => c.type)).toEqual(['session.deleted']);
    expect(await get('?cursor=nonsense')).toMatchObject({
      status: 200,
      body: { status: 'resync', reason: 'cursor_unknown' },
    });
    const bad = await get('?limit=0');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('limit');
    expect(JSON.stringify(bad.body)).not.toContain(' at ');
    const operator = await get('', await gw.token('platform', 'olga', 'operator'));
    expect(operator.status).toBe(403);
  }, 30_000);

  it('survives a gateway restart: changes made while it was down come after the old cursor, exactly once', async () => {
    // mia watches her nights live; the id of the last event she got is a feed cursor.
    const mia = clientOf(gw.url, await gw.token(tenantId, 'mia', 'member'));
    const lastSeen = new Promise<string>((resolve, reject) => {
      const live = mia.sessions.live.subscribe(
        { cursor },
        {
          onData: (event) => {
            live.unsubscribe();
            resolve((event as { id: string }).id);
          },
          onError: reject,
        },
      );
    });
    await publish(Topics.sleepSessions.name, [progressed(users['mia'], session(7), 1)]);
    const miaLast = await lastSeen;
    cursor = miaLast;
    // A stream left open must not hold the shutdown up: it ends, and its client would resume.
    const open = admin.sync.live.subscribe({ cursor }, { onData: () => undefined });
    await new Promise((r) => setTimeout(r, 300));
    await gw.close();
    open.unsubscribe();
    await publish(Topics.sleepSessions.name, [
      progressed(users['mia'], session(4), 1),
      deleted(users['mia'], session(4), 2),
    ]);
    second = await createServiceApp({
      rootModule: AppModule.register(gw.config, pino({ level: 'silent' }), {
        sessionStore: gw.store,
      }),
    });
    await second.listen({ port: 0, host: '127.0.0.1' });
    const management = second.get(ManagementEndpoints).handle;
    while ((await management('/health/ready')).status !== 200)
      await new Promise((r) => setTimeout(r, 100));
    const again = clientOf(await second.getUrl(), await gw.token(tenantId, 'adam', 'admin'));
    const { seen } = await changesAfter(again, cursor, 2);
    expect(seen.map((c) => [c.type, c.subjectId])).toEqual([
      ['session.progressed', session(4)],
      ['session.deleted', session(4)],
    ]);
    const after = await again.sync.changes.query({ cursor: seen[1].cursor });
    expect(after).toMatchObject({ status: 'changes', changes: [], hasMore: false });
    cursor = seen[1].cursor;

    // mia reconnects to the new gateway with her last event id: exactly what she missed.
    const miaAgain = clientOf(await second.getUrl(), await gw.token(tenantId, 'mia', 'member'));
    const missed: { id: string; data: { kind: string; sessionId: string } }[] = [];
    await new Promise<void>((resolve, reject) => {
      const live = miaAgain.sessions.live.subscribe(
        { lastEventId: miaLast },
        {
          onData: (event) => {
            missed.push(event as (typeof missed)[number]);
            if (missed.length === 2) {
              live.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    expect(missed.map((e) => [e.id, e.data.kind, e.data.sessionId])).toEqual([
      [seen[0].cursor, 'progress', session(4)],
      [seen[1].cursor, 'deleted', session(4)],
    ]);
  }, 90_000);

  it('replaces an erased user’s changes by user.deleted, and retention sweeps old changes: older cursors resync', async () => {
    const url = await second!.getUrl();
    const admin = clientOf(url, await gw.token(tenantId, 'adam', 'admin'));
    const mia = clientOf(url, await gw.token(tenantId, 'mia', 'member'));
    await mia.users.delete.mutate({});
    const all = await changesAfter(admin, undefined, 1);
    expect(all.seen.filter((c) => c.userId === 'mia').map((c) => [c.type, c.subjectId])).toEqual([
      ['user.deleted', 'mia'],
    ]);
    expect(all.seen.some((c) => c.userId === 'noah')).toBe(true);

    const swept = await second!
      .get(RetentionJob)
      .runOnce(new Date(Date.now() + (gw.config.CHANGE_FEED_RETENTION_DAYS + 1) * 24 * 3_600_000));
    expect(swept?.changesSwept).toBeGreaterThanOrEqual(all.seen.length);
    expect(await admin.sync.changes.query({ cursor })).toMatchObject({
      status: 'resync',
      reason: 'cursor_expired',
    });
    expect(await admin.sync.changes.query({ cursor: all.cursor })).toMatchObject({
      status: 'changes',
      changes: [],
    });
  }, 60_000);
});
