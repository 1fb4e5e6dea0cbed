import type { TRPCError } from '@trpc/server';
import type { AnalyticsStore } from '../ports/analytics.port';
import { buildWorld, KEY_ACME, KEY_GLOBEX, type World } from './world';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: TRPCError) => error,
  );

describe('tenant lifecycle for operators (platform.tenants.disable / enable / delete)', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
  }, 30_000);
  afterAll(() => world?.stop());

  it('disable refuses the tenant’s users with a clear error and keeps their data; enable lets them back', async () => {
    const { gateway, as, victim } = world;
    const olga = gateway.caller(as.olga);
    const bob = gateway.caller(as.bob);
    const disabled = await olga.platform.tenants.disable({
      tenantId: 'acme',
      reason: 'unpaid invoice',
    });
    expect(disabled).toMatchObject({ status: 'disabled', statusReason: 'unpaid invoice' });
    for (const call of [
      () => bob.sessions.get({ sessionId: victim.sessionId }),
      () => bob.me(),
      () => gateway.caller(as.adam).org.settings.update({ minGroupSize: 6 }),
    ]) {
      const error = await failure(call());
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/tenant is disabled/);
    }
    // Another tenant is served as ever; operators still manage the disabled one.
    expect((await gateway.caller(as.galice).me()).tenantId).toBe('globex');
    expect((await olga.platform.tenants.list()).tenants.find((t) => t.id === 'acme')).toMatchObject(
      { status: 'disabled' },
    );

    expect(await olga.platform.tenants.enable({ tenantId: 'acme' })).toMatchObject({
      status: 'active',
      statusReason: null,
    });
    const night = await bob.sessions.get({ sessionId: victim.sessionId });
    expect(night.session.id).toBe(victim.sessionId);

    const { entries } = await olga.audit.list({ tenantId: 'acme', action: 'tenant' });
    expect(
      entries.map((entry) => [entry.action, entry.outcome, entry.details?.['reason']]),
    ).toEqual([
      ['tenant.enable', 'success', undefined],
      ['tenant.disable', 'success', 'unpaid invoice'],
    ]);
  });

  it('refuses bad input and unknown tenants with 4xx', async () => {
    const olga = world.gateway.caller(world.as.olga);
    expect(
      (await failure(olga.platform.tenants.disable({ tenantId: 'acme', reason: ' ' }))).code,
    ).toBe('BAD_REQUEST');
    expect(
      (await failure(olga.platform.tenants.disable({ tenantId: 'Not A Tenant', reason: 'x' })))
        .code,
    ).toBe('BAD_REQUEST');
    for (const call of [
      () => olga.platform.tenants.disable({ tenantId: 'nobody', reason: 'x' }),
      () => olga.platform.tenants.enable({ tenantId: 'nobody' }),
      () => olga.platform.tenants.delete({ tenantId: 'nobody' }),
    ])
      expect((await failure(call())).code).toBe('NOT_FOUND');
  });

  it('delete erases every user at Asleep and in every store through the user deletion path, then the tenant; audited', async () => {
    const { gateway, as, sim, victim, acmeAlice, globexAlice } = world;
    const olga = gateway.caller(as.olga);
    await gateway.caller(as.adam).org.settings.update({ minGroupSize: 9 });
    const removedFromAnalytics: string[] = [];
    const analytics: Pick<AnalyticsStore, 'removeTenant'> = {
      removeTenant: async ({ tenantId }) => {
        removedFromAnalytics.push(tenantId);
        return { tenantId, rowsRemoved: 12 };
      },
    };
    gateway.deps.analytics = analytics as AnalyticsStore;
    await gateway.caller(as.adam).webhooks.endpoints.create({
      url: 'https://hooks.acme.example/sleep',
      eventTypes: ['session.completed'],
    });
    const result = await olga.platform.tenants.delete({ tenantId: 'acme' });
    expect(result).toEqual({ tenantId: 'acme', deleted: true, usersErased: 2 });
    // analytics-service forgets the tenant's settings, rollups and profiles too.
    expect(removedFromAnalytics).toEqual(['acme']);

    for (const user of [victim, acmeAlice])
      expect(sim.state.getUser(user.asleepUserId, KEY_ACME)).toBeUndefined();
    const deletions = gateway.userEvents.events.filter((event) => event.type === 'deleted');
    expect(deletions.map((event) => event.user.asleepUserId).sort()).toEqual(
      [victim.asleepUserId, acmeAlice.asleepUserId].sort(),
    );
    expect((await gateway.users.list('acme', { limit: 10 })).items).toEqual([]);
    expect(await gateway.tenants.get('acme')).toBeNull();
    expect(await gateway.orgSettings.latest('acme')).toBeNull();
    expect(await gateway.webhookEndpoints.list('acme')).toEqual([]);
    // The other tenant is untouched.
    expect(sim.state.getUser(globexAlice.asleepUserId, KEY_GLOBEX)).toBeDefined();
    expect((await gateway.caller(as.galice).users.get()).asleepUserId).toBe(
      globexAlice.asleepUserId,
    );

    // The audit log outlives the tenant.
    const { entries } = await olga.audit.list({ tenantId: 'acme', action: 'tenant.delete' });
    expect(entries).toEqual([
      expect.objectContaining({
        actor: { kind: 'operator', id: 'olga' },
        target: { kind: 'tenant', id: 'acme' },
        outcome: 'success',
        details: { from: 'active', usersErased: 2 },
      }),
    ]);
    expect((await failure(olga.platform.tenants.delete({ tenantId: 'acme' }))).code).toBe(
      'NOT_FOUND',
    );
  });
});
