import { ROUTES } from '@sleep/asleep-sim';
import { inspect } from 'node:util';
import { Registry } from 'prom-client';
import { AsleepClient } from '../asleep-client';
import type { AsleepClientError } from '../errors';
import { recordingLogger } from '../testing';
import { failure, metricValue, SIM_KEY, type SimFixture, startSimFixture } from './support/sim';

describe('metrics and secrets', () => {
  let fx: SimFixture;
  let userId: string;
  let sessionId: string;

  beforeAll(async () => {
    fx = await startSimFixture();
    const made = fx.sim.createUserWithNights({ nights: 2 });
    userId = made.userId;
    sessionId = made.nights[0].sessionId;
  });
  afterEach(() => fx.sim.faults.reset());
  afterAll(() => fx.stop());

  it('exports calls, durations, retries and breaker state on the registry it was given', async () => {
    const registry = new Registry();
    const client = fx.client({ registry, retry: { maxRetries: 2 } });
    expect(client.registry).toBe(registry);

    await client.getSession(userId, sessionId);
    await failure(client.getUser('G-20250101000000-unknownunknownunknow'));
    fx.sim.faults.failNext({ count: 1, status: 500, route: ROUTES.listSessions });
    await client.listSessions(userId);

    const value = (name: string, labels?: Record<string, string>) =>
      metricValue(registry, name, labels);
    expect(
      await value('asleep_client_requests_total', { operation: 'getSession', outcome: 'ok' }),
    ).toBe(1);
    expect(
      await value('asleep_client_requests_total', { operation: 'getUser', outcome: 'not_found' }),
    ).toBe(1);
    expect(
      await value('asleep_client_requests_total', { operation: 'listSessions', outcome: 'ok' }),
    ).toBe(1);
    expect(
      await value('asleep_client_request_duration_seconds_count', {
        operation: 'getSession',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      await value('asleep_client_retries_total', {
        operation: 'listSessions',
        reason: 'server_error',
      }),
    ).toBe(1);
    expect(await value('asleep_client_breaker_state')).toBe(0);

    const text = await registry.metrics();
    expect(text).toContain('# TYPE asleep_client_request_duration_seconds histogram');
    expect(text).not.toContain(userId);
    expect(text).not.toContain(sessionId);
  });

  it('never lets the API key reach an error, a log line, a metric or an inspected client', async () => {
    const logger = recordingLogger();
    const client = fx.client({
      logger,
      retry: { maxRetries: 1 },
      breaker: { volumeThreshold: 3, resetTimeoutMs: 60_000 },
    });
    const errors: AsleepClientError[] = [];
    const collect = async (call: Promise<unknown>) => errors.push(await failure(call));

    await collect(client.getUser('bad\u0000id'));
    await collect(client.getUser('G-20250101000000-unknownunknownunknow'));
    fx.sim.faults.failNext({ status: 401, detail: `invalid key ${SIM_KEY}` });
    await collect(client.getUser(userId));
    fx.sim.faults.failNext({ status: 422, detail: `field x-api-key=${SIM_KEY} rejected` });
    await collect(client.updateUser(userId, { metadata: null }));
    fx.sim.faults.failNext({ status: 403, detail: 'Rate limit exceeded' });
    fx.sim.faults.failNext({ status: 403, detail: 'Quota exceeded' });
    await collect(client.getUser(userId));
    await collect(fx.client({ apiKey: `${SIM_KEY}-wrong`, logger }).getUser(userId));
    fx.sim.faults.set({ dropConnection: { rate: 1 } });
    await collect(client.getSession(userId, sessionId));
    fx.sim.faults.replace({ timeout: { rate: 1, ms: 2_000 } });
    await collect(
      fx.client({ logger, retry: { maxRetries: 0 }, timeouts: { requestMs: 50 } }).getUser(userId),
    );
    fx.sim.faults.replace({ errorRates: { '500': 1 } });
    await collect(client.getUser(userId));
    await collect(client.getUser(userId));
    expect(client.breakerState).toBe('open');
    fx.sim.faults.reset();
    const odd = fx.sim.state.addUser({ metadata: { gender: 'robot' } as never });
    await collect(fx.client({ logger }).getUser(odd.userId));

    const kinds = new Set(errors.map((error) => error.kind));
    expect([...kinds].sort()).toEqual(
      [
        'forbidden',
        'invalid_request',
        'invalid_response',
        'not_found',
        'unauthorized',
        'unavailable',
      ].sort(),
    );
    const reasons = new Set(
      errors.flatMap((error) => (error.kind === 'unavailable' ? [error.reason] : [])),
    );
    expect([...reasons].sort()).toEqual(['breaker_open', 'network', 'server_error', 'timeout']);

    for (const error of errors) {
      const renderings = [
        error.message,
        String(error.stack),
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
      ];
      for (const text of renderings) expect(text).not.toContain(SIM_KEY);
    }
    expect(errors.some((error) => error.detail?.includes('[redacted]'))).toBe(true);
    expect(JSON.stringify(logger.lines)).not.toContain(SIM_KEY);
    expect(logger.lines.some((line) => line.level === 'warn')).toBe(true);
    expect(await client.registry.metrics()).not.toContain(SIM_KEY);
    expect(inspect(client, { depth: 6, showHidden: true })).not.toContain(SIM_KEY);
    expect(JSON.stringify(client)).not.toContain(SIM_KEY);
  });

  it('names a bad option without echoing the key', () => {
    expect(() => new AsleepClient({ baseUrl: 'ftp://asleep', apiKey: SIM_KEY })).toThrow(/baseUrl/);
    try {
      new AsleepClient({ baseUrl: 'nope', apiKey: SIM_KEY, retry: { maxRetries: -1 } });
    } catch (error) {
      expect(inspect(error)).toMatch(/retry\.maxRetries/);
      expect(inspect(error)).not.toContain(SIM_KEY);
    }
  });
});
