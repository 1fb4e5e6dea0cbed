import { ROUTES } from '@sleep/asleep-sim';
import type { AsleepClient } from '../asleep-client';
import { failure, metricValue, type SimFixture, startSimFixture } from './support/sim';

const breakerOptions = {
  breaker: { volumeThreshold: 5, errorThresholdPercentage: 50, resetTimeoutMs: 250 },
  retry: { maxRetries: 0 },
};

async function until(condition: () => boolean, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('circuit breaker', () => {
  let fx: SimFixture;
  let userId: string;

  beforeAll(async () => {
    fx = await startSimFixture();
    userId = fx.sim.createUserWithNights({ nights: 1 }).userId;
  });
  afterEach(() => fx.sim.faults.reset());
  afterAll(() => fx.stop());

  async function openDuringOutage(client: AsleepClient) {
    fx.sim.faults.outage('503');
    for (let i = 0; i < 20 && client.breakerState !== 'open'; i++)
      await failure(client.getUser(userId));
    expect(client.breakerState).toBe('open');
  }

  it('opens during an outage, fails fast while open, and closes by itself once Asleep is back', async () => {
    const client = fx.client(breakerOptions);
    await openDuringOutage(client);
    expect(client.isAvailable()).toBe(false);
    expect(await metricValue(client.registry, 'asleep_client_breaker_state')).toBe(2);

    const sentBefore = fx.sim.requests.count();
    const started = performance.now();
    const error = await failure(client.getUser(userId));
    const elapsedMs = performance.now() - started;
    console.log(`call while the breaker is open failed in ${elapsedMs.toFixed(3)} ms`);
    expect(error).toMatchObject({ kind: 'unavailable', reason: 'breaker_open', retryable: false });
    expect(elapsedMs).toBeLessThan(500);
    expect(fx.sim.requests.count()).toBe(sentBefore);

    fx.sim.faults.endOutage();
    await until(() => client.breakerState === 'halfOpen');
    expect(client.isAvailable()).toBe(true);
    await expect(client.getUser(userId)).resolves.toMatchObject({ user_id: userId });
    expect(client.breakerState).toBe('closed');
    expect(await metricValue(client.registry, 'asleep_client_breaker_state')).toBe(0);
    for (const event of ['open', 'halfOpen', 'close']) {
      expect(
        await metricValue(client.registry, 'asleep_client_breaker_events_total', { event }),
      ).toBe(1);
    }
    expect(
      await metricValue(client.registry, 'asleep_client_breaker_events_total', { event: 'reject' }),
    ).toBe(1);
  });

  it('reopens when the half-open probe fails', async () => {
    const client = fx.client(breakerOptions);
    await openDuringOutage(client);
    await until(() => client.breakerState === 'halfOpen');
    const sentBefore = fx.sim.requests.count();
    expect(await failure(client.getUser(userId))).toMatchObject({
      reason: 'server_error',
      status: 503,
    });
    expect(fx.sim.requests.count() - sentBefore).toBe(1);
    expect(client.breakerState).toBe('open');
  });

  it('stops retrying as soon as the breaker opens', async () => {
    const client = fx.client({
      ...breakerOptions,
      retry: { maxRetries: 10, baseDelayMs: 1, maxDelayMs: 2 },
    });
    fx.sim.faults.outage('reset');
    const sentBefore = fx.sim.requests.count(ROUTES.getUser);
    const error = await failure(client.getUser(userId));
    expect(error).toMatchObject({ kind: 'unavailable', reason: 'breaker_open' });
    expect(error.attempts).toBe(6);
    expect(fx.sim.requests.count(ROUTES.getUser) - sentBefore).toBe(5);
  });

  it('does not count answers such as 401, 403 quota, 404 or 422 as failures', async () => {
    // Generous timeouts: a slow answer on a busy machine would be a failure of another kind.
    const patient = { ...breakerOptions, timeouts: { requestMs: 10_000, connectMs: 5_000 } };
    const client = fx.client(patient);
    const wrongKey = fx.client({ ...patient, apiKey: 'not-a-key' });
    for (let i = 0; i < 10; i++) {
      await failure(client.getUser(`G-20250101000000-unknown${String(i).padStart(13, '0')}`));
      await failure(wrongKey.getUser(userId));
    }
    fx.sim.faults.set({ quota: { limit: 0 } });
    for (let i = 0; i < 10; i++) await failure(client.getUser(userId));
    fx.sim.faults.reset();
    fx.sim.faults.failNext({ count: 10, status: 422, detail: 'bad' });
    for (let i = 0; i < 10; i++) await failure(client.getUser(userId));
    expect(client.breakerState).toBe('closed');
    expect(wrongKey.breakerState).toBe('closed');
    expect(
      await metricValue(client.registry, 'asleep_client_breaker_events_total', {
        event: 'failure',
      }),
    ).toBe(0);
  });

  it('counts rate limits and timeouts as failures', async () => {
    const client = fx.client({ ...breakerOptions, timeouts: { requestMs: 50 } });
    fx.sim.faults.set({ timeout: { rate: 1, ms: 5_000 } });
    for (let i = 0; i < 5; i++) await failure(client.getUser(userId));
    expect(client.breakerState).toBe('open');

    const limited = fx.client(breakerOptions);
    fx.sim.faults.replace({ rateLimit: { limit: 1, windowMs: 60_000 } });
    for (let i = 0; i < 6; i++) await limited.getUser(userId).catch(() => undefined);
    expect(limited.breakerState).toBe('open');
  });
});
