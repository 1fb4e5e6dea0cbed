import { TRPCError } from '@trpc/server';
import type { Principal } from '../auth/principal';
import { contextFor } from '../context';
import { appRouter } from '../routers/_app';
import { exportsRouter } from '../routers/exports/exports.router';
import { createCallerFactory } from '../trpc';
import type { GatewayCaller } from '../testing';
import { buildWorld, KEY_ACME, type Victim, type World } from './world';

type Expected = 'FORBIDDEN' | 'NOT_FOUND';
interface Attack {
  who: keyof World['as'];
  expect: Expected;
}
type Call = (caller: GatewayCaller, victim: Victim) => Promise<unknown>;

/** A research export of acme's, created before the attacks. */
const ACME_EXPORT = '6d1c3a52-8a0e-4c1b-9f5e-2b7d4e9a1c30';
const WINDOW = { startDate: '2025-03-01', endDate: '2025-03-31' };
const drain = async (subscription: Promise<AsyncIterable<unknown>>) => {
  for await (const event of await subscription) return event;
};

/**
 * OWASP API1 (broken object-level authorization): every procedure, called by someone who must
 * not reach acme's bob: a member of the same tenant, an analyst changing data, the admin of
 * another tenant naming him, an operator.
 */
const cross = (extra: Attack[] = []): Attack[] => [
  { who: 'alice', expect: 'FORBIDDEN' },
  { who: 'gadmin', expect: 'NOT_FOUND' },
  { who: 'olga', expect: 'FORBIDDEN' },
  ...extra,
];
const analystWrites: Attack = { who: 'ana', expect: 'FORBIDDEN' };
const tenantAdminOnly: Attack[] = [
  { who: 'alice', expect: 'FORBIDDEN' },
  { who: 'ana', expect: 'FORBIDDEN' },
  { who: 'olga', expect: 'FORBIDDEN' },
];
const webhookAttacks: Attack[] = [...tenantAdminOnly, { who: 'gadmin', expect: 'NOT_FOUND' }];
let acmeEndpointId = '';
const acmeEndpoint = () => acmeEndpointId;
const ACME_HOOK_URL = 'https://hooks.acme.example/sleep';
const operatorOnly: Attack[] = [
  { who: 'adam', expect: 'FORBIDDEN' },
  { who: 'gadmin', expect: 'FORBIDDEN' },
  { who: 'alice', expect: 'FORBIDDEN' },
];

const TABLE: Record<string, { call: Call; attacks: Attack[] }> = {
  // Another tenant's admin naming "bob" creates a bob of their own: no attack, so not listed.
  'users.create': {
    call: (c, v) => c.users.create({ appUserId: v.appUserId }),
    attacks: cross([analystWrites]).filter((attack) => attack.who !== 'gadmin'),
  },
  'users.get': { call: (c, v) => c.users.get({ appUserId: v.appUserId }), attacks: cross() },
  'users.update': {
    call: (c, v) => c.users.update({ appUserId: v.appUserId, metadata: { birth_year: 1901 } }),
    attacks: cross([analystWrites]),
  },
  'users.delete': {
    call: (c, v) => c.users.delete({ appUserId: v.appUserId }),
    attacks: cross([analystWrites]),
  },
  'users.tags.set': {
    call: (c, v) => c.users.tags.set({ appUserId: v.appUserId, tags: ['arm:control'] }),
    attacks: cross([analystWrites]),
  },
  // Tenant statistics name no tenant: they answer about the caller's own (checked below).
  'org.stats': {
    call: (c) => c.org.stats({ period: 'month', from: '2025-03-01' }),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  'org.breakdown': {
    call: (c) => c.org.breakdown({ period: 'month', from: '2025-03-01', dimensions: ['gender'] }),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  'users.list': {
    call: (c) => c.users.list({}),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  'sessions.get': {
    call: (c, v) => c.sessions.get({ appUserId: v.appUserId, sessionId: v.sessionId }),
    attacks: cross(),
  },
  'sessions.list': {
    call: (c, v) => c.sessions.list({ appUserId: v.appUserId }),
    attacks: cross(),
  },
  'sessions.delete': {
    call: (c, v) => c.sessions.delete({ appUserId: v.appUserId, sessionId: v.sessionId }),
    attacks: cross([analystWrites]),
  },
  'sessions.live': {
    call: (c, v) => drain(c.sessions.live({ appUserId: v.appUserId })),
    attacks: cross(),
  },
  'stats.average': {
    call: (c, v) => c.stats.average({ appUserId: v.appUserId, ...WINDOW }),
    attacks: cross(),
  },
  'analytics.score': {
    call: (c, v) => c.analytics.score({ appUserId: v.appUserId, sessionId: v.sessionId }),
    attacks: cross(),
  },
  'analytics.nights': {
    call: (c, v) =>
      c.analytics.nights({ appUserId: v.appUserId, from: '2025-03-01', to: '2025-03-31' }),
    attacks: cross(),
  },
  'analytics.average': {
    call: (c, v) => c.analytics.average({ appUserId: v.appUserId, ...WINDOW }),
    attacks: cross(),
  },
  'analytics.regularity': {
    call: (c, v) =>
      c.analytics.regularity({ appUserId: v.appUserId, from: '2025-03-01', to: '2025-03-31' }),
    attacks: cross(),
  },
  'analytics.trends': {
    call: (c, v) =>
      c.analytics.trends({
        appUserId: v.appUserId,
        from: '2025-03-01',
        to: '2025-03-31',
        metric: 'score',
      }),
    attacks: cross(),
  },
  'analytics.reports.list': {
    call: (c, v) => c.analytics.reports.list({ appUserId: v.appUserId }),
    attacks: cross(),
  },
  'analytics.reports.get': {
    call: (c, v) =>
      c.analytics.reports.get({ appUserId: v.appUserId, kind: 'week', day: '2025-03-05' }),
    attacks: cross(),
  },
  'analytics.insights': {
    call: (c, v) => c.analytics.insights({ appUserId: v.appUserId }),
    attacks: cross(),
  },
  'analytics.live.reports': {
    call: (c, v) => drain(c.analytics.live.reports({ appUserId: v.appUserId })),
    attacks: cross(),
  },
  'analytics.live.insights': {
    call: (c, v) => drain(c.analytics.live.insights({ appUserId: v.appUserId })),
    attacks: cross(),
  },
  'analytics.setScoreWeights': {
    call: (c) =>
      c.analytics.setScoreWeights({
        weights: {
          duration: 100,
          efficiency: 0,
          continuity: 0,
          latency: 0,
          timing: 0,
          restoration: 0,
        },
      }),
    attacks: tenantAdminOnly,
  },
  'analytics.rules': { call: (c) => c.analytics.rules(), attacks: tenantAdminOnly },
  'analytics.setRules': {
    call: (c) =>
      c.analytics.setRules({
        rules: { sleepDayRule: 'noon-anchor', timezone: 'UTC', freeDays: [1] },
      }),
    attacks: tenantAdminOnly,
  },
  'tenant.updateSettings': {
    call: (c) => c.tenant.updateSettings({ name: 'Pwned' }),
    attacks: tenantAdminOnly,
  },
  'tenant.rotateKey': {
    call: (c) => c.tenant.rotateKey({ asleepApiKey: 'sk-attacker-0000' }),
    attacks: tenantAdminOnly,
  },
  'tenant.usage': {
    call: (c) => c.tenant.usage({ from: '2025-01-01', to: '2025-01-02' }),
    attacks: tenantAdminOnly,
  },
  'org.settings.get': {
    call: (c) => c.org.settings.get(),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  'org.settings.update': {
    call: (c) => c.org.settings.update({ minGroupSize: 50, retentionDays: 1 }),
    attacks: tenantAdminOnly,
  },
  'org.settings.history': {
    call: (c) => c.org.settings.history({}),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  // Names acme's log: only acme's admins and operators may read it.
  'audit.list': {
    call: (c) => c.audit.list({ tenantId: 'acme' }),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'ana', expect: 'FORBIDDEN' },
      { who: 'gadmin', expect: 'FORBIDDEN' },
    ],
  },
  // acme's endpoint, named by others: only acme's admins reach it; another tenant's admin finds nothing.
  'webhooks.endpoints.create': {
    call: (c) =>
      c.webhooks.endpoints.create({
        url: 'https://attacker.example/hook',
        eventTypes: ['session.completed'],
      }),
    attacks: tenantAdminOnly,
  },
  'webhooks.endpoints.list': { call: (c) => c.webhooks.endpoints.list(), attacks: tenantAdminOnly },
  'webhooks.endpoints.get': {
    call: (c) => c.webhooks.endpoints.get({ endpointId: acmeEndpoint() }),
    attacks: webhookAttacks,
  },
  'webhooks.endpoints.update': {
    call: (c) =>
      c.webhooks.endpoints.update({
        endpointId: acmeEndpoint(),
        url: 'https://attacker.example/hook',
      }),
    attacks: webhookAttacks,
  },
  'webhooks.endpoints.delete': {
    call: (c) => c.webhooks.endpoints.delete({ endpointId: acmeEndpoint() }),
    attacks: webhookAttacks,
  },
  'webhooks.endpoints.rotateSecret': {
    call: (c) => c.webhooks.endpoints.rotateSecret({ endpointId: acmeEndpoint() }),
    attacks: webhookAttacks,
  },
  'webhooks.deliveries.list': {
    call: (c) => c.webhooks.deliveries.list({ endpointId: acmeEndpoint() }),
    attacks: webhookAttacks,
  },
  'webhooks.replay': {
    call: (c) =>
      c.webhooks.replay({
        endpointId: acmeEndpoint(),
        from: '2025-01-01T00:00:00Z',
        to: '2025-01-02T00:00:00Z',
      }),
    attacks: webhookAttacks,
  },
  // The feed names no tenant or user: it answers with what the caller may see (checked below).
  'sync.changes': {
    call: (c) => c.sync.changes({}),
    attacks: [{ who: 'olga', expect: 'FORBIDDEN' }],
  },
  'sync.live': {
    call: (c) => drain(c.sync.live({})),
    attacks: [{ who: 'olga', expect: 'FORBIDDEN' }],
  },
  // Names no tenant: an admin of another tenant creates one of their own (no attack, not listed).
  'exports.research.create': {
    call: (c) => c.exports.research.create({ from: '2025-03-01', to: '2025-03-31' }),
    attacks: tenantAdminOnly,
  },
  'exports.research.get': {
    call: (c) => c.exports.research.get({ exportId: ACME_EXPORT }),
    attacks: [...tenantAdminOnly, { who: 'gadmin', expect: 'NOT_FOUND' }],
  },
  'platform.tenants.create': {
    call: (c) =>
      c.platform.tenants.create({ id: 'evil', name: 'Evil', asleepApiKey: 'sk-attacker-0000' }),
    attacks: operatorOnly,
  },
  'platform.tenants.list': { call: (c) => c.platform.tenants.list(), attacks: operatorOnly },
  'platform.tenants.rotateKey': {
    call: (c) =>
      c.platform.tenants.rotateKey({ tenantId: 'acme', asleepApiKey: 'sk-attacker-0000' }),
    attacks: operatorOnly,
  },
  'platform.tenants.disable': {
    call: (c) => c.platform.tenants.disable({ tenantId: 'acme', reason: 'pwned' }),
    attacks: operatorOnly,
  },
  'platform.tenants.enable': {
    call: (c) => c.platform.tenants.enable({ tenantId: 'acme' }),
    attacks: operatorOnly,
  },
  'platform.tenants.delete': {
    call: (c) => c.platform.tenants.delete({ tenantId: 'acme' }),
    attacks: operatorOnly,
  },
};

/**
 * The download routes' procedures (`exportsRouter`, called in process by the HTTP routes): a
 * user's export only by the user or their tenant's admin; the research export by admins only.
 */
const createExportsCaller = createCallerFactory(exportsRouter);
type ExportsCaller = ReturnType<typeof createExportsCaller>;
const exportsCaller = (world: World, principal: Principal): ExportsCaller =>
  createExportsCaller(contextFor(world.gateway.deps, principal));
const EXPORTS_TABLE: Record<
  string,
  { call: (c: ExportsCaller, v: Victim) => Promise<unknown>; attacks: Attack[] }
> = {
  'exports.user': {
    call: (c, v) => c.user({ appUserId: v.appUserId, format: 'fhir' }),
    attacks: [
      { who: 'alice', expect: 'FORBIDDEN' },
      { who: 'ana', expect: 'FORBIDDEN' },
      { who: 'gadmin', expect: 'NOT_FOUND' },
      { who: 'olga', expect: 'FORBIDDEN' },
    ],
  },
  'exports.research': {
    call: (c) => c.research({ exportId: ACME_EXPORT }),
    attacks: [...tenantAdminOnly, { who: 'gadmin', expect: 'NOT_FOUND' }],
  },
};

/** Procedures whose input cannot name another tenant or user: checked for answering with the caller's own only. */
const SELF_ONLY = ['me', 'tenant.get'];

describe('tenant isolation (every procedure, wrong tenant and wrong user)', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
    const { endpoint } = await world.gateway
      .caller(world.as.adam)
      .webhooks.endpoints.create({ url: ACME_HOOK_URL, eventTypes: ['session.completed'] });
    acmeEndpointId = endpoint.id;
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

  const rows = Object.entries(TABLE).flatMap(([procedure, { call, attacks }]) =>
    attacks.map((attack) => ({ procedure, call, ...attack })),
  );

  it.each(rows)('$procedure as $who → $expect', async ({ call, who, expect: expected }) => {
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
  });

  it('covers every download procedure', () => {
    expect(Object.keys(EXPORTS_TABLE).map((name) => name.slice('exports.'.length))).toEqual(
      Object.keys(exportsRouter._def.procedures),
    );
  });

  const exportRows = Object.entries(EXPORTS_TABLE).flatMap(([procedure, { call, attacks }]) =>
    attacks.map((attack) => ({ procedure, call, ...attack })),
  );

  it.each(exportRows)('$procedure as $who → $expect', async ({ call, who, expect: expected }) => {
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
  });

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
    expect(hooks).toEqual([expect.objectContaining({ url: ACME_HOOK_URL, status: 'enabled' })]);
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
