import { startAsleepSim, type AsleepSim } from '@sleep/asleep-sim';
import { TRPCError } from '@trpc/server';
import type { Principal, Role } from '../auth/principal';
import type { TokenLifetime } from '../auth/token-lifetime';
import { createTestGateway, type TestGateway } from '../testing';

const KEY = 'sk-streams-0123456789abcdef';
const HOUR = 3_600_000;
const as = (appUserId: string, role: Role, tenantId = 'acme'): Principal => ({
  tenantId,
  appUserId,
  role,
});
const lifetime = (issuedAtMs = Date.now(), expiresAtMs = Date.now() + HOUR): TokenLifetime => ({
  issuedAtMs,
  expiresAtMs,
});

/** Opens a live stream and reports how it ends: 'open' while it runs, else its error code. */
function watch(gateway: TestGateway, who: Principal, appUserId: string, token = lifetime()) {
  const controller = new AbortController();
  let outcome = 'open';
  const ended = (async () => {
    try {
      const stream = await gateway
        .caller(who, token, controller.signal)
        .sessions.live({ appUserId });
      for await (const _ of stream) void _;
      outcome = 'ended';
    } catch (error) {
      outcome = error instanceof TRPCError ? error.code : String(error);
    }
  })();
  return {
    outcome: () => outcome,
    ended,
    close: async () => {
      controller.abort();
      await ended;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('open streams', () => {
  let sim: AsleepSim;
  let gateway: TestGateway;
  beforeAll(async () => {
    sim = await startAsleepSim({ apiKeys: [KEY], seed: 9 });
    // The simulator's first answer can take longer than the test client's timeout on a busy machine.
    await fetch(`${sim.url}/ai/v1/users`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: '{}',
    });
  });
  const start = async (caps = { perUser: 10, perTenant: 100 }) => {
    gateway = createTestGateway(sim.url, {}, caps);
    await gateway.tenants.create({
      id: 'acme',
      name: 'Acme',
      defaultTimezone: 'UTC',
      asleepApiKey: KEY,
    });
    for (const name of ['alice', 'bob', 'carol'])
      await gateway.caller(as(name, 'member')).users.create({});
  };
  afterEach(() => gateway.close());
  afterAll(() => sim.stop());

  it('caps open streams per user and per tenant, with a clear error, and frees a slot on close', async () => {
    await start({ perUser: 2, perTenant: 3 });
    const first = watch(gateway, as('alice', 'member'), 'alice');
    const second = watch(gateway, as('alice', 'member'), 'alice');
    await settle();
    const third = watch(gateway, as('alice', 'member'), 'alice');
    await third.ended;
    expect(third.outcome()).toBe('TOO_MANY_REQUESTS');
    const bob = watch(gateway, as('bob', 'member'), 'bob');
    await settle();
    const carol = watch(gateway, as('carol', 'member'), 'carol');
    await carol.ended;
    expect(carol.outcome()).toBe('TOO_MANY_REQUESTS');
    await first.close();
    const again = watch(gateway, as('carol', 'member'), 'carol');
    await settle();
    expect(again.outcome()).toBe('open');
    expect(gateway.limitEvents.refusals).toEqual(['user_streams', 'tenant_streams']);
    await Promise.all([second.close(), bob.close(), again.close()]);
    expect(gateway.deps.streams.count()).toBe(0);
  });

  it('counts open streams by kind: sessions, reports, insights and changes', async () => {
    await start();
    const controller = new AbortController();
    const alice = gateway.caller(as('alice', 'member'), lifetime(), controller.signal);
    const streams = [
      await alice.sessions.live({}),
      await alice.analytics.live.reports({}),
      await alice.analytics.live.insights({}),
      await alice.sync.live({}),
      await alice.sync.live({}),
    ];
    const running = streams.map(async (stream) => {
      for await (const _ of stream) void _;
    });
    const deadline = Date.now() + 20_000;
    while (gateway.deps.streams.count() < 5 && Date.now() < deadline) await settle();
    expect(gateway.deps.streams.countByKind()).toEqual({
      sessions: 1,
      reports: 1,
      insights: 1,
      changes: 2,
    });
    controller.abort();
    await Promise.all(running);
    expect(gateway.deps.streams.countByKind()).toEqual({
      sessions: 0,
      reports: 0,
      insights: 0,
      changes: 0,
    });
  });

  it('ends a stream when its token expires', async () => {
    await start();
    const stream = watch(
      gateway,
      as('alice', 'member'),
      'alice',
      lifetime(Date.now(), Date.now() + 300),
    );
    await settle();
    expect(stream.outcome()).toBe('open');
    await stream.ended;
    expect(stream.outcome()).toBe('UNAUTHORIZED');
    expect(gateway.limitEvents.closed).toEqual(['token_expired']);
  });

  it('ends the streams of an app user once a newer token of theirs carries another role', async () => {
    await start();
    const issued = Date.now() - 60_000;
    const analyst = as('ana', 'analyst');
    gateway.deps.streams.tokenSeen(analyst, issued);
    const others = watch(gateway, analyst, 'bob', lifetime(issued));
    const sameRole = watch(gateway, as('bob', 'member'), 'bob', lifetime(issued));
    await settle();
    gateway.deps.streams.tokenSeen(as('ana', 'analyst'), issued + 1_000);
    await settle();
    expect(others.outcome()).toBe('open');
    gateway.deps.streams.tokenSeen(as('ana', 'member'), issued + 2_000);
    await others.ended;
    expect(others.outcome()).toBe('UNAUTHORIZED');
    expect(sameRole.outcome()).toBe('open');
    // The older analyst token cannot open a stream again; the newer one would be a member's.
    const reopened = watch(gateway, analyst, 'bob', lifetime(issued));
    await reopened.ended;
    expect(reopened.outcome()).toBe('UNAUTHORIZED');
    expect(gateway.limitEvents.closed).toEqual(['role_changed']);
    expect(gateway.limitEvents.refusals).toEqual(['token_superseded']);
    await sameRole.close();
  });

  it('ends the streams watching a deleted user and those the user opened', async () => {
    await start();
    const admin = as('adam', 'admin');
    await gateway.caller(admin).users.create({});
    const watchingBob = watch(gateway, admin, 'bob');
    const bobsOwn = watch(gateway, as('bob', 'member'), 'bob');
    const adamsOwn = watch(gateway, admin, 'adam');
    const bobWatchedByAlice = watch(gateway, as('alice', 'member'), 'alice');
    await settle();
    await gateway.caller(admin).users.delete({ appUserId: 'bob' });
    await Promise.all([watchingBob.ended, bobsOwn.ended]);
    expect([watchingBob.outcome(), bobsOwn.outcome()]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    // The gateway also learns of deletions from the user topic (other replicas' calls).
    const analyst = as('ana', 'analyst');
    const { asleepUserId } = await gateway.caller(analyst).users.create({});
    const anaWatchingAlice = watch(gateway, analyst, 'alice');
    await settle();
    gateway.deps.streams.userDeleted('acme', asleepUserId);
    await anaWatchingAlice.ended;
    expect(anaWatchingAlice.outcome()).toBe('NOT_FOUND');
    expect([adamsOwn.outcome(), bobWatchedByAlice.outcome()]).toEqual(['open', 'open']);
    expect(gateway.limitEvents.closed).toEqual(['user_deleted', 'user_deleted', 'user_deleted']);
    await Promise.all([adamsOwn.close(), bobWatchedByAlice.close()]);
  });
});
