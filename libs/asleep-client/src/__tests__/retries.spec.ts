import { ROUTES } from '@sleep/asleep-sim';
import { failure, metricValue, type SimFixture, startSimFixture } from './support/sim';

describe('retries', () => {
  let fx: SimFixture;
  let userId: string;
  let sessionId: string;
  const sent = (route: string) => fx.sim.requests.count(route);

  beforeAll(async () => {
    fx = await startSimFixture();
    const made = fx.sim.createUserWithNights({ nights: 3 });
    userId = made.userId;
    sessionId = made.nights[0].sessionId;
  });
  afterEach(() => fx.sim.faults.reset());
  afterAll(() => fx.stop());

  it('retries a transient 503 and a rate limit on a GET, then succeeds', async () => {
    // Generous timeouts: a slow answer on a busy machine would count as a timeout retry.
    const client = fx.client({
      retry: { maxRetries: 3 },
      timeouts: { requestMs: 10_000, totalMs: 30_000 },
    });
    fx.sim.faults.failNext({ count: 2, status: 503, route: ROUTES.getSession });
    fx.sim.faults.failNext({
      count: 1,
      status: 403,
      detail: 'Rate limit exceeded',
      route: ROUTES.getSession,
    });
    const before = sent(ROUTES.getSession);
    await expect(client.getSession(userId, sessionId)).resolves.toMatchObject({
      session: { id: sessionId },
    });
    expect(sent(ROUTES.getSession) - before).toBe(4);
    expect(
      await metricValue(client.registry, 'asleep_client_retries_total', {
        operation: 'getSession',
        reason: 'server_error',
      }),
    ).toBe(2);
    expect(
      await metricValue(client.registry, 'asleep_client_retries_total', {
        operation: 'getSession',
        reason: 'rate_limited',
      }),
    ).toBe(1);
    expect(
      await metricValue(client.registry, 'asleep_client_requests_total', {
        operation: 'getSession',
        outcome: 'ok',
      }),
    ).toBe(1);
  });

  it('retries PUT and DELETE, which are idempotent', async () => {
    const client = fx.client({ retry: { maxRetries: 2 } });
    fx.sim.faults.failNext({ status: 500, route: ROUTES.updateUser });
    const beforePut = sent(ROUTES.updateUser);
    await client.updateUser(userId, { metadata: { gender: 'other' } });
    expect(sent(ROUTES.updateUser) - beforePut).toBe(2);

    fx.sim.faults.failNext({ status: 504, route: ROUTES.deleteSession });
    const beforeDelete = sent(ROUTES.deleteSession);
    await expect(client.deleteSession(userId, sessionId)).resolves.toEqual({
      alreadyDeleted: false,
    });
    expect(sent(ROUTES.deleteSession) - beforeDelete).toBe(2);
  });

  it('stops at the retry count', async () => {
    fx.sim.faults.set({ errorRates: { '503': 1 } });
    const client = fx.client({ retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    const before = sent(ROUTES.getUser);
    const error = await failure(client.getUser(userId));
    expect(error).toMatchObject({ kind: 'unavailable', reason: 'server_error', attempts: 4 });
    expect(sent(ROUTES.getUser) - before).toBe(4);
  });

  it('stops at the total deadline, backoff included', async () => {
    fx.sim.faults.set({ timeout: { rate: 1, ms: 5_000 } });
    const client = fx.client({
      timeouts: { requestMs: 100, totalMs: 350 },
      retry: { maxRetries: 10, baseDelayMs: 20, maxDelayMs: 40 },
    });
    const before = sent(ROUTES.getUser);
    const started = performance.now();
    const error = await failure(client.getUser(userId));
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ kind: 'unavailable', reason: 'timeout' });
    expect(error.attempts).toBeGreaterThanOrEqual(2);
    expect(error.attempts).toBeLessThanOrEqual(4);
    expect(sent(ROUTES.getUser) - before).toBe(error.attempts);
    expect(elapsed).toBeLessThan(350 + 800); // the deadline plus scheduling slack on a loaded machine
  });

  // The timeout case goes last: the sim goes on serving a request whose client gave up.
  it.each([
    ['a rate limit', { rateLimit: { limit: 1, windowMs: 60_000 } }],
    ['a 503', { errorRates: { '503': 1 } }],
    ['a dropped connection', { dropConnection: { rate: 1 } }],
    ['a timeout', { timeout: { rate: 1, ms: 5_000 } }],
  ])('never retries createUser, even after %s', async (_what, faults) => {
    // Long enough for the simulator to have taken the request on a busy machine before the client
    // gives up on it (the timeout case), far below the simulator's 5 s stall.
    const client = fx.client({
      retry: { maxRetries: 5, baseDelayMs: 1, maxDelayMs: 2 },
      timeouts: { requestMs: 1_000 },
    });
    fx.sim.faults.set({ ...faults, routes: [ROUTES.createUser] });
    if ('rateLimit' in faults) await client.createUser();
    const before = sent(ROUTES.createUser);
    const error = await failure(client.createUser({ metadata: { gender: 'female' } }));
    expect(error.kind === 'unavailable' || error.kind === 'rate_limited').toBe(true);
    expect(error.attempts).toBe(1);
    expect(sent(ROUTES.createUser) - before).toBe(1);
    expect(
      await metricValue(client.registry, 'asleep_client_retries_total', {
        operation: 'createUser',
      }),
    ).toBe(0);
  });

  it('does not retry answers: 404 is final at once', async () => {
    const client = fx.client({ retry: { maxRetries: 5 } });
    const before = sent(ROUTES.getUser);
    expect(await failure(client.getUser('G-20250101000000-unknownunknownunknow'))).toMatchObject({
      attempts: 1,
    });
    expect(sent(ROUTES.getUser) - before).toBe(1);
  });
});
