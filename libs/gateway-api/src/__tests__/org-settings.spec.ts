import type { SetAnalyticsRules, SetScoreWeights } from '@sleep/contracts';
import type { TRPCError } from '@trpc/server';
import type { AnalyticsStore } from '../ports/analytics.port';
import { minGroupSizeOf } from '../services/org-settings';
import { sweepAllRetention } from '../services/retention-sweep';
import { buildWorld, KEY_ACME, type World } from './world';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: TRPCError) => error,
  );
const issuePaths = (error: TRPCError) =>
  ((error.cause as unknown as { issues: { path: string[] }[] }).issues ?? []).map((issue) =>
    issue.path.join('.'),
  );

/** analytics-service as far as settings go: what it was told. */
function recordingAnalytics() {
  const told: { rules: SetAnalyticsRules[]; weights: SetScoreWeights[] } = {
    rules: [],
    weights: [],
  };
  const store = {
    setRules: async (input: SetAnalyticsRules) => {
      told.rules.push(input);
      return { rules: input.rules };
    },
    setScoreWeights: async (input: SetScoreWeights) => {
      told.weights.push(input);
      return { weights: input.weights };
    },
  } as unknown as AnalyticsStore;
  return { told, store };
}

const WEIGHTS = {
  duration: 40,
  efficiency: 20,
  continuity: 10,
  latency: 10,
  timing: 10,
  restoration: 10,
};

describe('per-organisation settings (org.settings.*)', () => {
  let world: World;
  let analytics: ReturnType<typeof recordingAnalytics>;
  beforeAll(async () => {
    world = await buildWorld();
    analytics = recordingAnalytics();
    world.gateway.deps.analytics = analytics.store;
  }, 30_000);
  afterAll(() => world?.stop());

  it('starts on the defaults: k = 5, the tenant zone, no retention', async () => {
    const view = await world.gateway.caller(world.as.ana).org.settings.get();
    expect(view).toEqual({
      version: 0,
      settings: {
        sleepDayRule: null,
        sleepZone: null,
        workDays: null,
        scoreWeights: null,
        minGroupSize: 5,
        defaultTimezone: 'Asia/Seoul',
        retentionDays: null,
      },
      changedBy: null,
      changedAt: null,
    });
    expect(await minGroupSizeOf(world.gateway.deps, 'acme')).toBe(5);
  });

  it('lets admins change them: a new version with who and when, handed to analytics and the tenant', async () => {
    const adam = world.gateway.caller(world.as.adam);
    const updated = await adam.org.settings.update({
      minGroupSize: 12,
      workDays: [1, 2, 3, 4],
      sleepDayRule: 'noon-anchor',
      scoreWeights: WEIGHTS,
      defaultTimezone: 'Europe/Berlin',
    });
    expect(updated).toMatchObject({
      version: 1,
      changedBy: { kind: 'user', id: 'adam' },
      settings: { minGroupSize: 12, workDays: [1, 2, 3, 4], defaultTimezone: 'Europe/Berlin' },
    });
    expect(analytics.told.rules).toEqual([
      {
        tenantId: 'acme',
        rules: { sleepDayRule: 'noon-anchor', timezone: null, freeDays: [5, 6, 7] },
      },
    ]);
    expect(analytics.told.weights).toEqual([{ tenantId: 'acme', weights: WEIGHTS }]);
    expect((await adam.tenant.get()).defaultTimezone).toBe('Europe/Berlin');
    expect(await minGroupSizeOf(world.gateway.deps, 'acme')).toBe(12);
    // Other tenants keep theirs.
    expect(await minGroupSizeOf(world.gateway.deps, 'globex')).toBe(5);

    await adam.org.settings.update({ minGroupSize: 20 });
    // k alone changes nothing analytics computes with.
    expect(analytics.told.rules).toHaveLength(1);
    expect(analytics.told.weights).toHaveLength(1);
    // The same values again make no version.
    expect((await adam.org.settings.update({ minGroupSize: 20 })).version).toBe(2);

    const history = await world.gateway.caller(world.as.ana).org.settings.history({ limit: 1 });
    expect(history.versions.map((v) => v.version)).toEqual([2]);
    const next = await world.gateway
      .caller(world.as.ana)
      .org.settings.history({ limit: 1, cursor: history.nextCursor! });
    expect(next).toMatchObject({ versions: [{ version: 1, settings: { minGroupSize: 12 } }] });
    expect(next.nextCursor).toBeNull();

    const [entry] = (await adam.audit.list({ action: 'org.settings.update', limit: 1 })).entries;
    expect(entry).toMatchObject({
      actor: { kind: 'user', id: 'adam' },
      target: { kind: 'org-settings', id: 'acme' },
      outcome: 'success',
      details: { version: 2, changed: { minGroupSize: { from: 12, to: 20 } } },
    });
  });

  it('refuses members everything and analysts changes', async () => {
    const bob = world.gateway.caller(world.as.bob);
    for (const call of [
      () => bob.org.settings.get(),
      () => bob.org.settings.history({}),
      () => bob.org.settings.update({ minGroupSize: 6 }),
      () => world.gateway.caller(world.as.ana).org.settings.update({ minGroupSize: 6 }),
    ])
      expect((await failure(call())).code).toBe('FORBIDDEN');
  });

  it('refuses bad settings with BAD_REQUEST naming the field, and changes nothing', async () => {
    const adam = world.gateway.caller(world.as.adam);
    const version = (await adam.org.settings.get()).version;
    const cases: [Parameters<typeof adam.org.settings.update>[0], string][] = [
      [{ minGroupSize: 4 }, 'minGroupSize'],
      [{ minGroupSize: 5.5 }, 'minGroupSize'],
      [{ scoreWeights: { ...WEIGHTS, duration: 41 } }, 'scoreWeights'],
      [{ workDays: [1, 1] }, 'workDays'],
      [{ workDays: [] }, 'workDays'],
      [{ defaultTimezone: 'Mars/Olympus' }, 'defaultTimezone'],
      [{ retentionDays: 0 }, 'retentionDays'],
    ];
    for (const [input, field] of cases) {
      const error = await failure(adam.org.settings.update(input));
      expect(error.code).toBe('BAD_REQUEST');
      expect(issuePaths(error)).toContain(field);
    }
    expect((await failure(adam.org.settings.update({}))).code).toBe('BAD_REQUEST');
    expect((await adam.org.settings.get()).version).toBe(version);
  });

  it('leaves no version behind when analytics cannot take the change', async () => {
    const adam = world.gateway.caller(world.as.adam);
    const version = (await adam.org.settings.get()).version;
    const working = world.gateway.deps.analytics;
    world.gateway.deps.analytics = {
      ...working,
      setRules: () => Promise.reject(new Error('analytics down')),
    } as AnalyticsStore;
    await expect(adam.org.settings.update({ sleepDayRule: 'end-date' })).rejects.toBeDefined();
    world.gateway.deps.analytics = working;
    expect((await adam.org.settings.get()).version).toBe(version);
    const [entry] = (await adam.audit.list({ action: 'org.settings.update', limit: 1 })).entries;
    expect(entry.outcome).toBe('failure');
  });

  it('retention: a scheduled sweep deletes nights older than N days through the session deletion path, audited', async () => {
    const { gateway, sim, victim } = world;
    const adam = gateway.caller(world.as.adam);
    // A recent night of the victim that must stay.
    const recent = sim.generateNight({
      userId: victim.asleepUserId,
      date: '2025-04-15',
      timezone: 'Asia/Seoul',
    });
    sim.state.addSession(recent, { apiKey: KEY_ACME });
    gateway.sessions.put(
      { tenantId: 'acme', asleepUserId: victim.asleepUserId, sessionId: recent.sessionId },
      sim.sessionData(recent.sessionId, { apiKey: KEY_ACME, timezone: 'UTC' })!,
    );
    await adam.org.settings.update({ retentionDays: 30 });

    const result = await sweepAllRetention(gateway.deps, new Date('2025-04-20T12:00:00Z'));
    // Acme's two old nights (bob's and alice's); globex has no retention.
    expect(result).toEqual({ tenants: 1, nightsDeleted: 2 });
    const keys = [...gateway.sessions.sessions.keys()];
    expect(keys).toContain(`acme/${victim.asleepUserId}/${recent.sessionId}`);
    expect(keys).not.toContain(`acme/${victim.asleepUserId}/${victim.sessionId}`);
    expect(keys).toContain(
      `globex/${world.globexAlice.asleepUserId}/${world.globexAlice.sessionId}`,
    );

    const { entries } = await adam.audit.list({ action: 'session.delete' });
    expect(entries.find((entry) => entry.target.id === victim.sessionId)).toMatchObject({
      actor: { kind: 'service', id: 'retention' },
      outcome: 'success',
      details: { reason: 'retention', retentionDays: 30, appUserId: victim.appUserId },
    });
    // Run again: nothing left to delete.
    expect(await sweepAllRetention(gateway.deps, new Date('2025-04-20T12:00:00Z'))).toEqual({
      tenants: 1,
      nightsDeleted: 0,
    });
  });
});
