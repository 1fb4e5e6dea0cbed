import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, gatewayErrorInfo, type GatewayClient } from '@sleep/api-client';
import type { Night, NightTruth, PlayReport } from '@sleep/asleep-sim';
import { DEVELOPMENT_SERVICE_KEYS, ServiceTokenSigner } from '@sleep/service-kit';
import { startPlatform, type Platform } from './support/platform';
import { token } from './support/dev-tokens';
import { createAppUser } from './support/app-user';

const USERS = 20;
const BREAKER_RESET_MS = 30_000;
const NIGHTS = 3;
/** session-service admits only signed callers: the test calls it as the gateway would. */
const asGateway = new ServiceTokenSigner('gateway', DEVELOPMENT_SERVICE_KEYS['gateway']!);
const sessionRpc = async (url: string) =>
  fetch(url, { headers: await asGateway.headers('session-service') });
const userIds = Array.from(
  { length: USERS },
  (_, i) => `sleeper-${String(i + 1).padStart(2, '0')}`,
);

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

describe('the whole system through the gateway: 20 users × 3 nights', () => {
  let platform: Platform;
  let admin: GatewayClient;
  let report: PlayReport;
  const asleepIds = new Map<string, string>();
  const live: { kind: string; sessionId: string }[] = [];
  let stopLive: () => void = () => undefined;

  beforeAll(async () => {
    platform = await startPlatform();
    const client = async (appUserId: string, role: 'member' | 'admin') =>
      createClient({
        url: platform.gateway.url,
        getToken: await token(platform.tenantId, appUserId, role).then((t) => () => t),
      });
    admin = await client('night-admin', 'admin');
    for (const appUserId of userIds) {
      const member = await client(appUserId, 'member');
      asleepIds.set(
        appUserId,
        (
          await createAppUser(member, {
            metadata: { birth_year: 1980 + (appUserId.length % 20) },
          })
        ).asleepUserId,
      );
    }
    const watched = await client(userIds[0], 'member');
    // Started after the feed's cursor now, the stream misses nothing however late it connects.
    const start = await watched.sync.changes.query({});
    const subscription = watched.sessions.live.subscribe(
      { cursor: start.cursor },
      { onData: ({ data }) => live.push(data) },
    );
    stopLive = () => subscription.unsubscribe();

    const nights: Night[] = userIds.flatMap((appUserId) =>
      ['2025-03-08', '2025-03-09', '2025-03-10']
        .slice(0, NIGHTS)
        .map((date) =>
          platform.sim.generateNight({ userId: asleepIds.get(appUserId)!, date, timezone: 'UTC' }),
        ),
    );
    report = await platform.sim.playNights({
      webhookUrl: platform.webhookUrl,
      nights,
      speed: 'immediate',
      windowEpochs: 40,
      concurrency: 8,
    });
  }, 300_000);

  afterAll(async () => {
    if (process.env['E2E_DEBUG'])
      for (const app of [platform.sessions, platform.ingest, platform.gateway])
        console.log(app.name, app.output().slice(-4000));
    stopLive();
    await platform?.stop();
  });

  it('delivered every webhook to webhook-ingest with the key it only learned from the gateway', () => {
    expect(report.failed).toBe(0);
    expect(report.truth).toHaveLength(USERS * NIGHTS);
  });

  it('serves every night from the store with the simulator’s exact stages and stats', async () => {
    const byUser = new Map(
      [...asleepIds].map(([appUserId, asleepUserId]) => [asleepUserId, appUserId]),
    );
    const stored = async ({ userId, sessionId }: NightTruth) => {
      const input = encodeURIComponent(
        JSON.stringify({ tenantId: platform.tenantId, asleepUserId: userId, sessionId }),
      );
      await eventually(`night ${sessionId} stored`, async () => {
        const body = (await (
          await sessionRpc(`${platform.sessions.url}/rpc/getSession?input=${input}`)
        ).json()) as {
          result?: { data: { session: { state: string } } };
        };
        return body.result?.data.session.state === 'COMPLETE' ? true : undefined;
      });
    };
    for (let i = 0; i < report.truth.length; i += 10)
      await Promise.all(report.truth.slice(i, i + 10).map(stored));

    // Every night now comes from session-service's store: Asleep is not asked once.
    const asked = platform.sim.requests.count('GET /data/v3/sessions/:session_id');
    const check = async ({ userId, sessionId, sleepData }: NightTruth) => {
      const { user_id: _user, ...expected } = sleepData;
      expect(
        await admin.sessions.get.query({
          appUserId: byUser.get(userId)!,
          sessionId,
          timezone: 'UTC',
        }),
      ).toEqual(expected);
    };
    for (let i = 0; i < report.truth.length; i += 10)
      await Promise.all(report.truth.slice(i, i + 10).map(check));
    expect(platform.sim.requests.count('GET /data/v3/sessions/:session_id')).toBe(asked);
  }, 90_000);

  it('pages and filters a user’s nights', async () => {
    const appUserId = userIds[1];
    const first = await admin.sessions.list.query({
      appUserId,
      timezone: 'UTC',
      orderBy: 'ASC',
      limit: 2,
    });
    const second = await admin.sessions.list.query({
      appUserId,
      timezone: 'UTC',
      orderBy: 'ASC',
      limit: 2,
      offset: first.nextOffset!,
    });
    const expected = report.truth
      .filter((t) => t.userId === asleepIds.get(appUserId))
      .map((t) => t.sessionId)
      .sort();
    expect([...first.sessions, ...second.sessions].map((s) => s.session_id)).toEqual(expected);
    expect([first.nextOffset, second.nextOffset]).toEqual([2, null]);
    const one = await admin.sessions.list.query({
      appUserId,
      timezone: 'UTC',
      dateGte: '2025-03-09',
      dateLte: '2025-03-09',
    });
    // A night of the 8th may start after midnight (bedtimes reach 00:15): the truth decides.
    const startedOnThe9th = report.truth
      .filter((t) => t.userId === asleepIds.get(appUserId))
      .filter((t) => t.sleepData.session.start_time.slice(0, 10) === '2025-03-09')
      .map((t) => t.sessionId)
      .sort();
    expect(startedOnThe9th.length).toBeGreaterThan(0);
    expect(one.sessions.map((s) => s.session_id).sort()).toEqual(startedOnThe9th);
    expect(one.sessions.every((s) => s.session_start_time.startsWith('2025-03-09'))).toBe(true);
  });

  it('streamed the watched user’s progress during each night and its completion at the end', async () => {
    const mine = report.truth
      .filter((t) => t.userId === asleepIds.get(userIds[0]))
      .map((t) => t.sessionId);
    const kindsOf = (sessionId: string) =>
      live.filter((event) => event.sessionId === sessionId).map((event) => event.kind);
    await eventually('every watched night completed on the stream', async () =>
      mine.every((sessionId) => kindsOf(sessionId).includes('completed')) ? true : undefined,
    );
    for (const sessionId of mine) {
      expect(kindsOf(sessionId)).toContain('progress');
      expect(kindsOf(sessionId).at(-1)).toBe('completed');
    }
  }, 60_000);

  it('deletes a user from every store', async () => {
    const appUserId = userIds[USERS - 1];
    const asleepUserId = asleepIds.get(appUserId)!;
    await admin.users.delete.mutate({ appUserId });
    expect(platform.sim.state.getUser(asleepUserId, platform.key)).toBeUndefined();
    await expect(
      admin.users.get.query({ appUserId }).catch(gatewayErrorInfo),
    ).resolves.toMatchObject({ code: 'NOT_FOUND' });
    const rpc = `${platform.sessions.url}/rpc/getUser?input=${encodeURIComponent(JSON.stringify({ tenantId: platform.tenantId, asleepUserId }))}`;
    await eventually('session-service purge', async () =>
      (await sessionRpc(rpc)).status === 404 ? true : undefined,
    );
  });

  it('answers stored nights during an Asleep outage, and upstream-only calls with a fast SERVICE_UNAVAILABLE', async () => {
    const { sessionId, userId } = report.truth[0];
    const appUserId = [...asleepIds].find(([, id]) => id === userId)![0];
    platform.sim.faults.outage();
    try {
      const stored = await admin.sessions.get.query({
        appUserId,
        sessionId,
        timezone: 'Asia/Seoul',
      });
      expect(stored.session.start_time).toMatch(/\+09:00$/);
      const upstreamOnly = () =>
        admin.users.get.query({ appUserId }).then(() => null, gatewayErrorInfo);
      // Failures open the breaker; its open state shows in the retry hint (its reset timeout).
      for (let i = 0; i < 40 && (await upstreamOnly())?.retryAfterMs !== BREAKER_RESET_MS; i++);
      // Best of three, and far below any upstream timeout: the open breaker answers without
      // calling Asleep (the retry hint below says it is open); the bound only catches a call that
      // waited for the upstream, not a busy machine's scheduling.
      let fastest = Infinity;
      let refused = await upstreamOnly();
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        refused = await upstreamOnly();
        fastest = Math.min(fastest, performance.now() - started);
      }
      expect(fastest).toBeLessThan(500);
      expect(refused).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        retryAfterMs: BREAKER_RESET_MS,
      });
    } finally {
      platform.sim.faults.endOutage();
    }
  });
});
