import { TRPCError } from '@trpc/server';
import { gatewayError } from '../errors/gateway-error';
import { buildWorld, KEY_ACME_NEXT, type World } from './world';

describe('procedures over createCaller', () => {
  let world: World;
  beforeEach(async () => {
    world = await buildWorld();
  }, 30_000);
  afterEach(() => world?.stop());

  it('users.create maps the app user to a new Asleep user, announces it, refuses a second time', async () => {
    const caller = world.gateway.caller({ tenantId: 'acme', appUserId: 'carol', role: 'member' });
    const created = await caller.users.create({
      metadata: { birth_year: 1985, gender: 'female', height: 170.5 },
    });
    expect(
      world.sim.state.getUser(created.asleepUserId, world.gateway.tenants.keys.get('acme')),
    ).toBeDefined();
    expect(world.gateway.userEvents.events.at(-1)).toMatchObject({
      type: 'upserted',
      user: { appUserId: 'carol' },
    });
    await expect(caller.users.create({})).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await caller.me()).toMatchObject({
      appUserId: 'carol',
      asleepUserId: created.asleepUserId,
      tenant: { id: 'acme' },
    });
  });

  it('refuses invalid input with BAD_REQUEST naming every field, before Asleep is called', async () => {
    const caller = world.gateway.caller({ tenantId: 'acme', appUserId: 'dave', role: 'member' });
    const error = await caller.users
      .create({ metadata: { birth_year: 1800, birth_month: 13, height: 170.55 } })
      .catch((caught: TRPCError) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    const paths = (
      (error as TRPCError).cause as unknown as { issues: { path: string[] }[] }
    ).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(['metadata.birth_year', 'metadata.birth_month', 'metadata.height']);
    expect(await caller.me()).toMatchObject({ asleepUserId: null });
  });

  it('sessions.get answers from the store in the tenant zone, then from the cache', async () => {
    const bob = world.gateway.caller(world.as.bob);
    const first = await bob.sessions.get({ sessionId: world.victim.sessionId });
    expect(first.session.id).toBe(world.victim.sessionId);
    const calls = world.gateway.sessions.calls;
    await bob.sessions.get({ sessionId: world.victim.sessionId });
    expect(world.gateway.sessions.calls).toBe(calls);
  });

  it('sessions.get falls back to Asleep for a night the store does not hold, and in the requested zone', async () => {
    const bob = world.gateway.caller(world.as.bob);
    world.gateway.sessions.sessions.clear();
    const night = await bob.sessions.get({
      sessionId: world.victim.sessionId,
      timezone: 'Asia/Seoul',
    });
    expect(night.timezone).toBe('Asia/Seoul');
    expect(night.session.start_time).toMatch(/\+09:00$/);
  });

  it('answers SERVICE_UNAVAILABLE with a retry hint within 50 ms once the breaker is open', async () => {
    const bob = world.gateway.caller(world.as.bob);
    world.gateway.sessions.failing = true;
    world.sim.faults.outage();
    for (let i = 0; i < 30; i++)
      await bob.stats
        .average({ startDate: '2025-03-01', endDate: '2025-03-02' })
        .catch(() => undefined);
    // Best of three: one scheduling hiccup on a loaded machine must not decide the figure.
    const attempt = () =>
      bob.sessions
        .get({ sessionId: world.victim.sessionId })
        .catch((e: TRPCError) => e) as Promise<TRPCError>;
    let fastest = Infinity;
    let error = await attempt();
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      error = await attempt();
      fastest = Math.min(fastest, performance.now() - started);
    }
    expect(fastest).toBeLessThan(50);
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.cause).toMatchObject({ retryAfterMs: expect.any(Number) });
    world.sim.faults.endOutage();
  });

  it('sessions.list pages with nextOffset', async () => {
    const bob = world.gateway.caller(world.as.bob);
    const page = await bob.sessions.list({ limit: 1 });
    expect(page.sessions).toHaveLength(1);
    expect(page.nextOffset).toBeNull();
  });

  it('stats.average is cached briefly and refuses a window over 100 days', async () => {
    const bob = world.gateway.caller(world.as.bob);
    const window = { startDate: '2025-03-01', endDate: '2025-03-31' };
    const first = await bob.stats.average(window);
    world.sim.faults.outage();
    expect(await bob.stats.average(window)).toEqual(first);
    world.sim.faults.endOutage();
    await expect(
      bob.stats.average({ startDate: '2025-01-01', endDate: '2025-04-11' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('users.tags.set stores the tags and republishes the profile with Asleep’s metadata', async () => {
    const adam = world.gateway.caller(world.as.adam);
    const tagged = await adam.users.tags.set({
      appUserId: world.victim.appUserId,
      tags: ['team:night-shift', 'arm:control'],
    });
    expect(tagged).toEqual({
      appUserId: world.victim.appUserId,
      tags: ['team:night-shift', 'arm:control'],
    });
    expect(world.gateway.userEvents.events.at(-1)).toMatchObject({
      type: 'upserted',
      user: { appUserId: world.victim.appUserId, tags: ['team:night-shift', 'arm:control'] },
      metadata: { birth_year: 1990 },
    });
    const refused = await adam.users.tags
      .set({ appUserId: world.victim.appUserId, tags: ['team:a', 'team:b', 'Bad Tag'] })
      .catch((caught: TRPCError) => caught);
    expect((refused as TRPCError).code).toBe('BAD_REQUEST');
    expect((refused as TRPCError).message).toContain('tags');
  });

  it('org.stats and org.breakdown refuse bad periods and dimensions with BAD_REQUEST naming the field', async () => {
    const ana = world.gateway.caller(world.as.ana);
    const field = async (call: Promise<unknown>) => {
      const error = (await call.catch((caught: TRPCError) => caught)) as TRPCError;
      expect(error.code).toBe('BAD_REQUEST');
      return ((error.cause as unknown as { issues: { path: string[] }[] }).issues ?? []).map((i) =>
        i.path.join('.'),
      );
    };
    expect(
      await field(ana.org.stats({ period: 'custom', from: '2025-01-01', to: '2026-02-05' })),
    ).toEqual(['to']);
    expect(
      await field(ana.org.stats({ period: 'custom', from: '2025-03-02', to: '2025-03-01' })),
    ).toEqual(['to']);
    expect(await field(ana.org.stats({ period: 'custom', from: '2025-03-02' }))).toEqual(['to']);
    expect(
      await field(ana.org.breakdown({ period: 'day', from: '2025-03-02', dimensions: ['height'] })),
    ).toEqual(['dimensions.0']);
    expect(
      await field(
        ana.org.breakdown({
          period: 'day',
          from: '2025-03-02',
          dimensions: ['ageBand', 'gender', 'tag:team'],
        }),
      ),
    ).toEqual(['dimensions']);
    expect(
      await field(ana.org.breakdown({ period: 'day', from: '2025-03-02', dimensions: 'a,b,c' })),
    ).toContain('dimensions');
    // Valid input without analytics-service: a retryable 503, not a crash.
    await expect(ana.org.stats({ period: 'week', from: '2025-03-02' })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
  });

  it('users.delete removes the user upstream, announces it and forgets the mapping and cached nights', async () => {
    const bob = world.gateway.caller(world.as.bob);
    await bob.sessions.get({ sessionId: world.victim.sessionId });
    expect(await bob.users.delete()).toMatchObject({ deleted: true });
    expect(
      world.sim.state.getUser(world.victim.asleepUserId, world.gateway.tenants.keys.get('acme')),
    ).toBeUndefined();
    expect(world.gateway.userEvents.events.at(-1)).toMatchObject({
      type: 'deleted',
      user: { asleepUserId: world.victim.asleepUserId },
    });
    expect(world.gateway.deps.sessionCache.size).toBe(0);
    await expect(bob.sessions.get({ sessionId: world.victim.sessionId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('rate limits per user with TOO_MANY_REQUESTS and a retry hint, and counts usage per tenant', async () => {
    world.gateway.deps.settings.rateLimits.principalPerMinute = 3;
    const zoe = world.gateway.caller({ tenantId: 'acme', appUserId: 'zoe', role: 'member' });
    for (let i = 0; i < 3; i++) await zoe.me();
    const error = (await zoe.me().catch((e: TRPCError) => e)) as TRPCError;
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect((error.cause as unknown as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    expect(await world.gateway.caller(world.as.bob).me()).toMatchObject({ appUserId: 'bob' });
    const usage = await world.gateway
      .caller(world.as.adam)
      .tenant.usage({ from: '2025-01-01', to: '2025-01-02' });
    expect(usage.days.find((day) => day.procedure === 'me')).toMatchObject({ calls: 5, errors: 1 });
  });

  it('tenant admins rename, re-zone and rotate their own tenant; operators create tenants', async () => {
    const adam = world.gateway.caller(world.as.adam);
    expect(await adam.tenant.updateSettings({ defaultTimezone: 'Europe/Berlin' })).toMatchObject({
      defaultTimezone: 'Europe/Berlin',
    });
    const before = await adam.tenant.get();
    const rotated = await adam.tenant.rotateKey({ asleepApiKey: KEY_ACME_NEXT });
    expect(rotated.keyFingerprint).not.toBe(before.keyFingerprint);
    const olga = world.gateway.caller(world.as.olga);
    await olga.platform.tenants.create({
      id: 'initech',
      name: 'Initech',
      asleepApiKey: 'sk-initech-00000000',
    });
    await expect(
      olga.platform.tenants.create({
        id: 'initech',
        name: 'Initech',
        asleepApiKey: 'sk-x-00000000',
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await olga.platform.tenants.list()).tenants.map((tenant) => tenant.id)).toContain(
      'initech',
    );
  });

  it('answers SERVICE_UNAVAILABLE, not an internal error, while its database is unreachable', async () => {
    const caller = world.gateway.caller({ tenantId: 'acme', appUserId: 'erin', role: 'admin' });
    // What node-postgres raises when the server goes away mid-query, wrapped by the query builder.
    const lost = new Error('Failed query: select ...', {
      cause: new Error('Connection terminated unexpectedly'),
    });
    world.gateway.users.list = () => Promise.reject(lost);
    const warned: object[] = [];
    world.gateway.deps.logger = {
      ...world.gateway.deps.logger,
      warn: (fields) => warned.push(fields),
    };
    const error = await caller.users.list({}).catch((caught: TRPCError) => caught);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    // Why is in the log: a pool that timed out and a server that went away read the same.
    expect(warned).toContainEqual(expect.objectContaining({ err: lost }));
    // Anything else stays an internal error.
    world.gateway.users.list = () => Promise.reject(new TypeError('bug'));
    await expect(caller.users.list({})).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('answers SERVICE_UNAVAILABLE when the database goes away while a subscription streams', async () => {
    const caller = world.gateway.caller({ tenantId: 'acme', appUserId: 'erin', role: 'admin' });
    await caller.users.create({});
    // A pool that found no free connection in time, as node-postgres says it, wrapped by drizzle.
    const starved = new Error('Failed query: select ...', {
      cause: new Error('timeout exceeded when trying to connect'),
    });
    world.gateway.changes.readAfter = () => Promise.reject(starved);
    const stream = await caller.sessions.live({});
    const error = await (async () => {
      for await (const event of stream) void event;
    })().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('keeps the meaning of an error raised on purpose whose cause (for the logs) is a lost connection', async () => {
    const caller = world.gateway.caller({ tenantId: 'acme', appUserId: 'erin', role: 'admin' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3002'), {
      code: 'ECONNREFUSED',
    });
    world.gateway.users.list = () =>
      Promise.reject(
        gatewayError('SERVICE_UNAVAILABLE', 'Sessions are unavailable; try again later', {
          retryAfterMs: 2_000,
          cause: refused,
        }),
      );
    const error = await caller.users.list({}).catch((caught: TRPCError) => caught);
    expect(error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'Sessions are unavailable; try again later',
    });
    expect((error as TRPCError).cause?.cause).toBe(refused);
  });

  it('refuses an anonymous caller with UNAUTHORIZED', async () => {
    await expect(world.gateway.caller(null).me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
