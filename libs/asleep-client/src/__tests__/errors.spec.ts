import { ROUTES } from '@sleep/asleep-sim';
import { AsleepClient } from '../asleep-client';
import {
  AsleepError,
  AsleepForbiddenError,
  AsleepInvalidRequestError,
  AsleepInvalidResponseError,
  AsleepNotFoundError,
  AsleepRateLimitedError,
  AsleepUnauthorizedError,
  AsleepUnavailableError,
} from '../errors';
import { testAsleepClientOptions } from '../testing';
import { failure, type SimFixture, startSimFixture } from './support/sim';

describe('typed errors from real HTTP answers', () => {
  let fx: SimFixture;
  let userId: string;
  let sessionId: string;
  const noRetry = { retry: { maxRetries: 0 } };

  beforeAll(async () => {
    fx = await startSimFixture();
    const made = fx.sim.createUserWithNights({ nights: 1 });
    userId = made.userId;
    sessionId = made.nights[0].sessionId;
  });
  afterEach(() => fx.sim.faults.reset());
  afterAll(() => fx.stop());

  it('401 for a wrong key, not retried', async () => {
    const client = fx.client({ apiKey: 'not-a-key' });
    const before = fx.sim.requests.count(ROUTES.getUser);
    const error = await failure(client.getUser(userId));
    expect(error).toBeInstanceOf(AsleepUnauthorizedError);
    expect(error).toBeInstanceOf(AsleepError);
    expect(error).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      detail: 'Unauthorized',
      attempts: 1,
      operation: 'getUser',
    });
    expect(fx.sim.requests.count(ROUTES.getUser) - before).toBe(1);
  });

  it('403 "Rate limit exceeded" is rate_limited', async () => {
    fx.sim.faults.set({ rateLimit: { limit: 1, windowMs: 60_000 } });
    const client = fx.client(noRetry);
    await client.getUser(userId);
    const error = await failure(client.getUser(userId));
    expect(error).toBeInstanceOf(AsleepRateLimitedError);
    expect(error).toMatchObject({
      kind: 'rate_limited',
      status: 403,
      detail: 'Rate limit exceeded',
      retryable: true,
    });
  });

  it('403 quota and plan are forbidden and never retried', async () => {
    const client = fx.client({ retry: { maxRetries: 3 } });
    fx.sim.faults.set({ quota: { limit: 0 } });
    const before = fx.sim.requests.count(ROUTES.getUser);
    const quota = await failure(client.getUser(userId));
    expect(quota).toBeInstanceOf(AsleepForbiddenError);
    expect(quota).toMatchObject({
      kind: 'forbidden',
      status: 403,
      detail: 'Quota exceeded',
      retryable: false,
      attempts: 1,
    });
    expect(fx.sim.requests.count(ROUTES.getUser) - before).toBe(1);

    fx.sim.faults.replace({ planExpired: true });
    expect(await failure(client.listSessions(userId))).toMatchObject({
      kind: 'forbidden',
      detail: 'Plan is expired',
    });
  });

  it('404 for an unknown user or session', async () => {
    const client = fx.client();
    const user = await failure(client.getUser('G-20250101000000-unknownunknownunknow'));
    expect(user).toBeInstanceOf(AsleepNotFoundError);
    expect(user).toMatchObject({ kind: 'not_found', status: 404, detail: 'user does not exist' });
    expect(await failure(client.getSession(userId, '20250101000000_nope0'))).toMatchObject({
      kind: 'not_found',
      detail: 'session does not exist',
    });
  });

  it('400 and 422 carry the upstream detail', async () => {
    const client = fx.client();
    fx.sim.faults.failNext({
      status: 400,
      detail: 'The invalid timezone is provided',
      route: ROUTES.listSessions,
    });
    const badRequest = await failure(client.listSessions(userId, { timezone: 'Asia/Seoul' }));
    expect(badRequest).toBeInstanceOf(AsleepInvalidRequestError);
    expect(badRequest).toMatchObject({
      kind: 'invalid_request',
      source: 'upstream',
      status: 400,
      detail: 'The invalid timezone is provided',
      attempts: 1,
    });
    expect(badRequest.message).toContain('The invalid timezone is provided');

    fx.sim.faults.failNext({
      status: 422,
      detail: 'birth_year: value is not a valid integer',
      route: ROUTES.updateUser,
    });
    expect(await failure(client.updateUser(userId, { metadata: null }))).toMatchObject({
      kind: 'invalid_request',
      source: 'upstream',
      status: 422,
      detail: 'birth_year: value is not a valid integer',
    });
  });

  it('5xx is unavailable (server_error) after the retries', async () => {
    fx.sim.faults.set({ errorRates: { '502': 1 } });
    const error = await failure(
      fx.client({ retry: { maxRetries: 1 } }).getSession(userId, sessionId),
    );
    expect(error).toBeInstanceOf(AsleepUnavailableError);
    expect(error).toMatchObject({
      kind: 'unavailable',
      reason: 'server_error',
      status: 502,
      attempts: 2,
    });
  });

  it('a hanging answer is unavailable (timeout) after requestMs', async () => {
    fx.sim.faults.set({ timeout: { rate: 1, ms: 5_000 } });
    const client = fx.client({ ...noRetry, timeouts: { requestMs: 100 } });
    const started = performance.now();
    const error = await failure(client.getUser(userId));
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ kind: 'unavailable', reason: 'timeout', status: undefined });
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(2_000); // far below the 5 s the upstream would hang
  });

  it('a dropped connection or a refused one is unavailable (network)', async () => {
    fx.sim.faults.set({ dropConnection: { rate: 1 } });
    expect(await failure(fx.client(noRetry).getUser(userId))).toMatchObject({
      kind: 'unavailable',
      reason: 'network',
    });

    const nowhere = new AsleepClient(testAsleepClientOptions('http://127.0.0.1:1', 'k', noRetry));
    expect(await failure(nowhere.getUser(userId))).toMatchObject({
      kind: 'unavailable',
      reason: 'network',
    });
    await nowhere.close();
  });

  it('an answer off the contract is invalid_response, never passed on', async () => {
    const odd = fx.sim.state.addUser({ metadata: { birth_month: 13 } as never });
    const error = await failure(fx.client().getUser(odd.userId));
    expect(error).toBeInstanceOf(AsleepInvalidResponseError);
    expect(error).toMatchObject({
      kind: 'invalid_response',
      status: 200,
      issues: [{ path: 'result.metadata.birth_month', message: expect.any(String) }],
    });
  });
});
