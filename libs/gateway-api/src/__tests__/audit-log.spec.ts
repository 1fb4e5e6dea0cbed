import { TRPCError } from '@trpc/server';
import { buildWorld, KEY_ACME, KEY_ACME_NEXT, type World } from './world';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: TRPCError) => error,
  );

describe('audit log (audit.list)', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
  }, 30_000);
  afterAll(() => world?.stop());

  it('records a key rotation with actor, target and outcome, and never the key', async () => {
    const adam = world.gateway.caller(world.as.adam);
    const before = await adam.tenant.get();
    const rotated = await adam.tenant.rotateKey({ asleepApiKey: KEY_ACME_NEXT });
    const { entries } = await adam.audit.list({ action: 'tenant.key.rotate' });
    expect(entries[0]).toMatchObject({
      tenantId: 'acme',
      actor: { kind: 'user', id: 'adam' },
      action: 'tenant.key.rotate',
      target: { kind: 'tenant', id: 'acme' },
      outcome: 'success',
      details: {
        previousKeyFingerprint: before.keyFingerprint,
        keyFingerprint: rotated.keyFingerprint,
      },
    });
    expect(Date.parse(entries[0].at)).toBeGreaterThan(Date.now() - 60_000);
    const everything = JSON.stringify([
      await adam.audit.list({}),
      await world.gateway.caller(world.as.olga).audit.list({}),
    ]);
    expect(everything).not.toContain(KEY_ACME_NEXT);
    expect(everything).not.toContain(KEY_ACME);
  });

  it('refuses a key Asleep does not accept, keeps the old one, and records the failure', async () => {
    const adam = world.gateway.caller(world.as.adam);
    const before = await adam.tenant.get();
    const error = await failure(adam.tenant.rotateKey({ asleepApiKey: 'sk-typo-0123456789' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(error.cause)).toContain('asleepApiKey');
    expect((await adam.tenant.get()).keyFingerprint).toBe(before.keyFingerprint);
    const olga = world.gateway.caller(world.as.olga);
    const platformError = await failure(
      olga.platform.tenants.rotateKey({ tenantId: 'acme', asleepApiKey: 'sk-typo-0123456789' }),
    );
    expect(platformError.code).toBe('BAD_REQUEST');
    const { entries } = await adam.audit.list({ action: 'tenant.key.rotate', limit: 2 });
    expect(entries.map((entry) => [entry.actor.kind, entry.outcome])).toEqual([
      ['operator', 'failure'],
      ['user', 'failure'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('sk-typo');
  });

  it('records deletions of a session and of a user', async () => {
    const { victim, acmeAlice } = world;
    const adam = world.gateway.caller(world.as.adam);
    await adam.sessions.delete({ appUserId: victim.appUserId, sessionId: victim.sessionId });
    await world.gateway.caller(world.as.alice).users.delete({});
    const { entries } = await adam.audit.list({ limit: 2 });
    expect(
      entries.map(({ action, actor, target, outcome }) => ({ action, actor, target, outcome })),
    ).toEqual([
      {
        action: 'user.delete',
        actor: { kind: 'user', id: 'alice' },
        target: { kind: 'user', id: 'alice' },
        outcome: 'success',
      },
      {
        action: 'session.delete',
        actor: { kind: 'user', id: 'adam' },
        target: { kind: 'session', id: victim.sessionId },
        outcome: 'success',
      },
    ]);
    expect(entries[0].details).toMatchObject({ asleepUserId: acmeAlice.asleepUserId });
  });

  it("shows admins their own tenant's entries only; operators any tenant's, or all", async () => {
    const olga = world.gateway.caller(world.as.olga);
    await olga.platform.tenants.create({
      id: 'initech',
      name: 'Initech',
      asleepApiKey: 'sk-initech-00000000',
    });
    const gadmin = world.gateway.caller(world.as.gadmin);
    const globex = await gadmin.audit.list({});
    expect(globex.entries.every((entry) => entry.tenantId === 'globex')).toBe(true);
    const all = await olga.audit.list({});
    expect(new Set(all.entries.map((entry) => entry.tenantId))).toEqual(
      new Set(['acme', 'initech']),
    );
    const initech = await olga.audit.list({ tenantId: 'initech' });
    expect(initech.entries).toEqual([
      expect.objectContaining({
        action: 'tenant.create',
        actor: { kind: 'operator', id: 'olga' },
        outcome: 'success',
      }),
    ]);
    // Members and analysts have no audit log; admins cannot name another tenant.
    for (const who of [world.as.bob, world.as.ana])
      expect((await failure(world.gateway.caller(who).audit.list({}))).code).toBe('FORBIDDEN');
    expect((await failure(gadmin.audit.list({ tenantId: 'acme' }))).code).toBe('FORBIDDEN');
  });

  it('pages with a cursor and filters by action prefix and time', async () => {
    const olga = world.gateway.caller(world.as.olga);
    const all = await olga.audit.list({ limit: 200 });
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await olga.audit.list({ limit: 2, cursor });
      pages.push(...page.entries);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual(all.entries);
    const tenantActions = await olga.audit.list({ action: 'tenant' });
    expect(tenantActions.entries.length).toBeGreaterThan(0);
    expect(tenantActions.entries.every((entry) => entry.action.startsWith('tenant.'))).toBe(true);
    const future = await olga.audit.list({ from: new Date(Date.now() + 60_000).toISOString() });
    expect(future.entries).toEqual([]);
    const error = await failure(
      olga.audit.list({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect((await failure(olga.audit.list({ action: 'Not An Action' }))).code).toBe('BAD_REQUEST');
  });

  it('drops any detail named like a secret, whoever records it', async () => {
    await world.gateway.deps.audit.record({
      tenantId: 'acme',
      actor: { kind: 'service', id: 'exporter' },
      action: 'export.research',
      target: { kind: 'export', id: 'x1' },
      outcome: 'success',
      details: { rows: 3, apiKey: 'sk-leak', nested: { accessToken: 't', kept: 1 } },
    });
    const [entry] = (await world.gateway.caller(world.as.adam).audit.list({ limit: 1 })).entries;
    expect(entry.details).toEqual({ rows: 3, nested: { kept: 1 } });
  });
});
