import type { Principal } from '../auth/principal';
import { contextFor } from '../context';
import { CallReplay } from '../services/call-replay';
import { isImmutable } from '../services/serialized-results';
import { buildWorld, type World } from './world';

describe('CallReplay: immutable answers given again to the same caller only', () => {
  let world: World;
  let replay: CallReplay;
  const PATH = 'sessions.get';
  beforeEach(async () => {
    world = await buildWorld();
    replay = new CallReplay();
  }, 30_000);
  afterEach(() => world?.stop());

  const ctx = (principal: Principal) => contextFor(world.gateway.deps, principal);
  async function answerOnce(
    principal: Principal,
    input: { sessionId: string; appUserId?: string },
  ) {
    const data = await world.gateway.caller(principal).sessions.get(input);
    await replay.remember(ctx(principal), PATH, input, data);
    return data;
  }

  it('replays for the same caller and input, metered and rate limited like a call', async () => {
    const input = { sessionId: world.victim.sessionId };
    const data = await answerOnce(world.as.bob, input);
    const before = world.gateway.usage.calls.length;
    expect(await replay.replay(ctx(world.as.bob), PATH, { ...input })).toEqual({ hit: true, data });
    expect(world.gateway.usage.calls.slice(before)).toEqual([
      { tenantId: 'acme', procedure: PATH, outcome: 'ok' },
    ]);
    world.gateway.deps.settings.rateLimits.principalPerMinute = 1;
    await expect(replay.replay(ctx(world.as.bob), PATH, input)).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
  });

  it('never replays to another caller, role, input or tenant', async () => {
    const input = { sessionId: world.victim.sessionId, appUserId: 'bob' };
    await answerOnce(world.as.adam, input);
    for (const [principal, asked] of [
      [world.as.ana, input],
      [{ ...world.as.adam, role: 'analyst' as const }, input],
      [world.as.adam, { sessionId: world.victim.sessionId }],
      [{ ...world.as.adam, tenantId: 'globex' }, input],
    ] as const) {
      expect(await replay.replay(ctx(principal), PATH, asked)).toEqual({ hit: false });
    }
  });

  it('stops at once when the session or its user is deleted, or the tenant zone changes', async () => {
    const input = { sessionId: world.victim.sessionId };
    const { sessionCache } = world.gateway.deps;
    await answerOnce(world.as.bob, input);
    sessionCache.forgetSession('acme', world.victim.asleepUserId, world.victim.sessionId);
    expect(await replay.replay(ctx(world.as.bob), PATH, input)).toEqual({ hit: false });
    await answerOnce(world.as.bob, input);
    sessionCache.forgetUser('acme', world.victim.asleepUserId);
    expect(await replay.replay(ctx(world.as.bob), PATH, input)).toEqual({ hit: false });
    await answerOnce(world.as.bob, input);
    await world.gateway.tenants.updateSettings('acme', { defaultTimezone: 'Europe/Berlin' });
    expect(await replay.replay(ctx(world.as.bob), PATH, input)).toEqual({ hit: false });
  });

  it('keeps nothing that is not immutable', async () => {
    const me = await world.gateway.caller(world.as.bob).me();
    await replay.remember(ctx(world.as.bob), 'me', undefined, me);
    expect(await replay.replay(ctx(world.as.bob), 'me', undefined)).toEqual({ hit: false });
  });

  it('answers SERVICE_UNAVAILABLE when the database cannot be reached, and a lost remember fails no call', async () => {
    const input = { sessionId: world.victim.sessionId };
    const data = await world.gateway.caller(world.as.bob).sessions.get(input);
    expect(isImmutable(data)).toBe(true);
    const starved = new Error('Failed query: select ...', {
      cause: new Error('timeout exceeded when trying to connect'),
    });
    world.gateway.deps.tenants.get = () => Promise.reject(starved);
    await expect(replay.remember(ctx(world.as.bob), PATH, input, data)).resolves.toBeUndefined();
    await expect(replay.replay(ctx(world.as.bob), PATH, input)).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
    const bug = new TypeError('bug');
    world.gateway.deps.tenants.get = () => Promise.reject(bug);
    await expect(replay.replay(ctx(world.as.bob), PATH, input)).rejects.toBe(bug);
  });
});
