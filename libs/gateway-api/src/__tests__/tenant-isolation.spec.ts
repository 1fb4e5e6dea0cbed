import { TRPCError } from '@trpc/server';
import type { Principal } from '../auth/principal';
import { appRouter } from '../routers/_app';
import { exportsRouter } from '../routers/exports/exports.router';
import { ADMIN_PROCEDURES } from './isolation-admin-procedures';
import { ACME_EXPORT, acmeEndpoint, attackRows } from './isolation-attacks';
import { DATA_PROCEDURES } from './isolation-data-procedures';
import { EXPORTS_TABLE, exportsCaller } from './isolation-download-procedures';
import { buildWorld, KEY_ACME, type Victim, type World } from './world';

const TABLE = { ...DATA_PROCEDURES, ...ADMIN_PROCEDURES };

/** Procedures whose input cannot name another tenant or user: checked for answering with the caller's own only. */
const SELF_ONLY = ['me', 'tenant.get'];

describe('tenant isolation (every procedure, wrong tenant and wrong user)', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
    const { endpoint } = await world.gateway
      .caller(world.as.adam)
      .webhooks.endpoints.create({ url: acmeEndpoint.url, eventTypes: ['session.completed'] });
    acmeEndpoint.id = endpoint.id;
    await world.gateway.exportJobs.create({
      tenantId: 'acme',
      exportId: ACME_EXPORT,
      requestedBy: 'adam',
      request: { from: '2025-03-01', to: '2025-03-31', includeTags: false },
      minGroupSize: 5,
    });
  }, 30_000);
  afterAll(() => world?.stop());

  it('covers every procedure of the router', () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect([...Object.keys(TABLE), ...SELF_ONLY].sort()).toEqual(procedures);
  });

  it.each(attackRows(TABLE))(
    '$procedure as $who → $expect',
    async ({ call, who, expect: expected }) => {
      const error = await call(
        world.gateway.caller(world.as[who as keyof World['as']]),
        world.victim,
      ).then(
        (data) => {
          throw new Error(`leaked: ${JSON.stringify(data)?.slice(0, 200)}`);
        },
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe(expected);
      const { message } = error as TRPCError;
      expect(message).not.toContain(world.victim.asleepUserId);
      expect(message).not.toContain(world.victim.sessionId);
    },
  );

  it('covers every download procedure', () => {
    expect(Object.keys(EXPORTS_TABLE).map((name) => name.slice('exports.'.length))).toEqual(
      Object.keys(exportsRouter._def.procedures),
    );
  });

  it.each(attackRows(EXPORTS_TABLE))(
    '$procedure as $who → $expect',
    async ({ call, who, expect: expected }) => {
      const error = await call(
        exportsCaller(world, world.as[who as keyof World['as']]),
        world.victim,
      ).then(
        () => {
          throw new Error('leaked: an export was opened');
        },
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe(expected);
    },
  );

  it('lets the user and their admin export the user (the download table is not refusing everyone)', async () => {
    for (const who of [world.as.bob, world.as.adam]) {
      const download = await exportsCaller(world, who).user({
        appUserId: world.victim.appUserId,
        format: 'json',
      });
      let text = '';
      for await (const chunk of download.chunks) text += chunk;
      const everything = JSON.parse(text);
      expect(everything.user.appUserId).toBe(world.victim.appUserId);
      expect(everything.sessionServiceUser.user_id).toBe(world.victim.asleepUserId);
      expect(everything.nights.map((n: { session: { id: string } }) => n.session.id)).toEqual([
        world.victim.sessionId,
      ]);
    }
  });

  it.each(SELF_ONLY)('%s answers with the caller’s own tenant only', async (procedure) => {
    const gadmin: Principal = world.as.gadmin;
    const caller = world.gateway.caller(gadmin);
    const result = procedure === 'me' ? await caller.me() : await caller.tenant.get();
    const text = JSON.stringify(result);
    expect(text).toContain('globex');
    expect(text).not.toMatch(/acme|Acme/);
    expect(text).not.toContain(world.victim.asleepUserId);
  });

  it('left the victim untouched: user, metadata, night, tenant and key', async () => {
    const bob = world.gateway.caller(world.as.bob);
    const profile = await bob.users.get();
    expect(profile.metadata).toMatchObject({ birth_year: 1990 });
    const night = await bob.sessions.get({ sessionId: world.victim.sessionId });
    expect(night.session.id).toBe(world.victim.sessionId);
    expect(await bob.tenant.get()).toMatchObject({ name: 'Acme', status: 'active' });
    expect(await world.gateway.orgSettings.latest('acme')).toBeNull();
    expect(world.gateway.tenants.keys.get('acme')).toBe(KEY_ACME);
    expect(await world.gateway.tenants.get('evil')).toBeNull();
    const hooks = await world.gateway.webhookEndpoints.list('acme');
    expect(hooks).toEqual([expect.objectContaining({ url: acmeEndpoint.url, status: 'enabled' })]);
    expect(hooks[0].previousSecretExpiresAt).toBeNull();
    expect(world.gateway.webhookEndpoints.replays).toEqual([]);
  });

  it('lets the rightful readers through (the table above is not refusing everyone)', async () => {
    const { victim, as, gateway } = world;
    for (const who of [as.bob, as.ana, as.adam]) {
      const night = await gateway
        .caller(who)
        .sessions.get({ appUserId: victim.appUserId, sessionId: victim.sessionId });
      expect(night.session.id).toBe(victim.sessionId);
    }
    const mine = await gateway
      .caller(as.galice)
      .sessions.get({ sessionId: world.globexAlice.sessionId });
    expect(mine.session.id).toBe(world.globexAlice.sessionId);
  });

  it('asks for the statistics of the caller’s own tenant only, with k of at least 5', async () => {
    const asked: { tenantId: string; minGroupSize: number }[] = [];
    const deps = world.gateway.deps;
    const before = deps.analytics;
    deps.analytics = {
      orgStats: async (query: { tenantId: string; minGroupSize: number }) => {
        asked.push(query);
        return { total: { suppressed: true }, groups: [] };
      },
    } as unknown as NonNullable<typeof deps.analytics>;
    try {
      await world.gateway.caller(world.as.gadmin).org.stats({ period: 'day', from: '2025-03-01' });
      await world.gateway
        .caller(world.as.ana)
        .org.breakdown({ period: 'week', from: '2025-03-05', dimensions: ['tag:team'] });
    } finally {
      deps.analytics = before;
    }
    expect(asked).toMatchObject([
      { tenantId: 'globex', from: '2025-03-01', to: '2025-03-01', dimensions: [], minGroupSize: 5 },
      {
        tenantId: 'acme',
        from: '2025-03-03',
        to: '2025-03-09',
        dimensions: ['tag:team'],
        minGroupSize: 5,
      },
    ]);
  });

  it('feeds each caller only the changes they may see, and no cursor crosses tenants', async () => {
    const { gateway, as } = world;
    const night = (tenantId: string, v: Victim) =>
      gateway.changes.append({
        tenantId,
        asleepUserId: v.asleepUserId,
        type: 'session.completed',
        subjectId: v.sessionId,
        occurredAt: '2025-03-11T06:00:00Z',
        data: { version: 1, state: 'COMPLETE' },
        dedupeKey: `isolation:${v.sessionId}`,
      });
    await night('acme', world.victim);
    await night('acme', world.acmeAlice);
    await night('globex', world.globexAlice);
    const seen = async (who: Principal, cursor?: string) => {
      const page = await gateway.caller(who).sync.changes({ cursor });
      if (page.status !== 'changes') throw new Error(`unexpected ${page.status}`);
      return page;
    };
    const subjects = async (who: Principal) =>
      (await seen(who)).changes.map((change) => `${change.userId}:${change.subjectId}`);
    expect(await subjects(as.alice)).toEqual([`alice:${world.acmeAlice.sessionId}`]);
    expect(await subjects(as.galice)).toEqual([`alice:${world.globexAlice.sessionId}`]);
    expect(await subjects(as.gadmin)).toEqual([`alice:${world.globexAlice.sessionId}`]);
    for (const reader of [as.ana, as.adam])
      expect((await subjects(reader)).sort()).toEqual(
        [`bob:${world.victim.sessionId}`, `alice:${world.acmeAlice.sessionId}`].sort(),
      );
    const acmeCursor = (await seen(as.adam)).cursor;
    expect(await gateway.caller(as.gadmin).sync.changes({ cursor: acmeCursor })).toMatchObject({
      status: 'resync',
      reason: 'cursor_unknown',
    });
  });

  it('streams each tenant only its own reports and insights, and no live stream takes another tenant’s cursor', async () => {
    const { gateway, as } = world;
    const head = (who: Principal) => gateway.changes.headCursor(who.tenantId);
    const [acmeFrom, globexFrom] = [await head(as.adam), await head(as.gadmin)];
    for (const [tenantId, v] of [
      ['acme', world.victim],
      ['acme', world.acmeAlice],
      ['globex', world.globexAlice],
    ] as const) {
      const common = { tenantId, asleepUserId: v.asleepUserId, occurredAt: '2025-03-11T06:00:00Z' };
      await gateway.changes.append({
        ...common,
        type: 'report.created',
        subjectId: `report:${tenantId}:${v.sessionId}`,
        data: { kind: 'week', periodKey: '2025-W11' },
        body: { owner: `${tenantId}/${v.sessionId}` },
        dedupeKey: `isolation-report:${v.sessionId}`,
      });
      await gateway.changes.append({
        ...common,
        type: 'insight.created',
        subjectId: `insight:${tenantId}:${v.sessionId}`,
        data: { rule: 'short-sleep', severity: 'notice' },
        body: { owner: `${tenantId}/${v.sessionId}` },
        dedupeKey: `isolation-insight:${v.sessionId}`,
      });
    }
    const first = async (events: AsyncIterable<unknown>) => {
      for await (const event of events) return (event as [string, { reportId?: string }])[1];
    };
    const galice = gateway.caller(as.galice);
    expect(await first(await galice.analytics.live.reports({ cursor: globexFrom }))).toMatchObject({
      reportId: `report:globex:${world.globexAlice.sessionId}`,
      report: { owner: `globex/${world.globexAlice.sessionId}` },
    });
    expect(await first(await galice.analytics.live.insights({ cursor: globexFrom }))).toMatchObject(
      { insightId: `insight:globex:${world.globexAlice.sessionId}` },
    );
    const gadmin = gateway.caller(as.gadmin);
    for (const open of [
      () => gadmin.sessions.live({ appUserId: 'alice', cursor: acmeFrom }),
      () => gadmin.analytics.live.reports({ appUserId: 'alice', cursor: acmeFrom }),
      () => gadmin.analytics.live.insights({ appUserId: 'alice', cursor: acmeFrom }),
      () => gadmin.sync.live({ cursor: acmeFrom }),
    ]) {
      const error = await first(await open()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('PRECONDITION_FAILED');
    }
  });

  it('keeps one app user id in two tenants apart', async () => {
    const galice = world.gateway.caller(world.as.galice);
    const other = world.acmeAlice;
    for (const call of [
      () => galice.sessions.get({ sessionId: other.sessionId }),
      () => galice.sessions.delete({ sessionId: other.sessionId }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await galice.users.get()).asleepUserId).toBe(world.globexAlice.asleepUserId);
    const list = await galice.sessions.list({});
    expect(list.sessions.map((session) => session.session_id)).toEqual([
      world.globexAlice.sessionId,
    ]);
  });
});
