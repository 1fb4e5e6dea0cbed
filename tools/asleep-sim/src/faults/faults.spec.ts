import { AsleepSim, startAsleepSim } from '../sim';
import { ROUTES } from '../server/routes';
import { call } from '../test/http';

describe('fault knobs', () => {
  let sim: AsleepSim;
  let userPath: string;
  beforeAll(async () => {
    sim = await startAsleepSim({ apiKeys: ['a', 'b'], seed: 8 });
    userPath = `/ai/v1/users/${sim.state.addUser({ apiKey: 'a' }).userId}`;
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.faults.reset();
    sim.requests.reset();
  });
  const getUser = (key = 'a') => call(sim, 'GET', userPath, { key });

  it("rate-limits per key with Asleep's 403 text, refilling over the window", async () => {
    // One token back per second: the four calls and the refused one fit well within it on a busy machine.
    sim.faults.set({ rateLimit: { limit: 3, windowMs: 3_000 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await getUser()).status);
    expect(statuses).toEqual([200, 200, 200, 403]);
    expect((await getUser()).body).toEqual({ detail: 'Rate limit exceeded' });
    expect((await call(sim, 'POST', '/ai/v1/users', { key: 'b' })).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await getUser()).status).toBe(200);
  });

  it('answers plan and quota 403s', async () => {
    sim.faults.set({ quota: { limit: 2 } });
    expect([(await getUser()).status, (await getUser()).status]).toEqual([200, 200]);
    expect(await getUser()).toEqual({ status: 403, body: { detail: 'Quota exceeded' } });
    sim.faults.set({ quota: null, planExpired: true });
    expect(await getUser()).toEqual({ status: 403, body: { detail: 'Plan is expired' } });
  });

  it('fails a share of requests per status, counted per route', async () => {
    sim.faults.set({ errorRates: { 500: 1 } });
    expect(await getUser()).toEqual({ status: 500, body: { detail: 'Internal Server Error' } });
    sim.faults.set({ errorRates: { 502: 0.5 } });
    const statuses = await Promise.all(
      Array.from({ length: 60 }, async () => (await getUser()).status),
    );
    const failed = statuses.filter((status) => status === 502).length;
    expect(failed).toBeGreaterThan(15);
    expect(failed).toBeLessThan(45);
    expect(sim.requests.count(ROUTES.getUser)).toBe(61);
    expect(sim.requests.countOutcome(502, ROUTES.getUser)).toBe(failed);
  });

  it('fails the next requests of a route, and only that route', async () => {
    sim.faults.failNext({ count: 2, status: 503, route: ROUTES.getUser });
    expect((await call(sim, 'POST', '/ai/v1/users', { key: 'a' })).status).toBe(201);
    expect([(await getUser()).status, (await getUser()).status, (await getUser()).status]).toEqual([
      503, 503, 200,
    ]);
    expect(sim.requests.snapshot().outcomes[ROUTES.getUser]).toEqual({ 200: 1, 503: 2 });
  });

  it('switches an outage on and off, by API and over /_sim without a key', async () => {
    sim.faults.outage();
    expect(await getUser()).toEqual({ status: 503, body: { detail: 'Service Unavailable' } });
    sim.faults.outage('reset');
    await expect(getUser()).rejects.toThrow();
    sim.faults.endOutage();
    expect((await getUser()).status).toBe(200);

    const admin = (method: string, path: string, body?: unknown) =>
      call(sim, method, `/_sim${path}`, { key: null, body });
    expect((await admin('PUT', '/faults/outage', { mode: '503' })).body).toEqual({
      outage: { mode: '503' },
    });
    expect((await getUser()).status).toBe(503);
    expect((await admin('DELETE', '/faults/outage')).status).toBe(204);
    expect((await getUser()).status).toBe(200);
    expect((await admin('GET', '/requests')).body.byRoute).toEqual({ [ROUTES.getUser]: 5 });
    expect((await admin('PATCH', '/faults', { errorRates: { 700: 2 } })).status).toBe(400);
    expect((await admin('PATCH', '/faults', { latency: { fixedMs: 1 } })).body).toEqual({
      latency: { fixedMs: 1, jitterMs: 0 },
    });
  });

  it('drops connections without an answer', async () => {
    sim.faults.set({ dropConnection: { rate: 1 } });
    await expect(getUser()).rejects.toThrow();
    expect(sim.requests.countOutcome('dropped')).toBe(1);
  });

  it('adds latency, and hangs past the client timeout', async () => {
    sim.faults.set({ latency: { fixedMs: 150, jitterMs: 0 } });
    const started = performance.now();
    await getUser();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    sim.faults.replace({ timeout: { rate: 1, ms: 60_000 } });
    const hung = fetch(`${sim.url}${userPath}`, {
      headers: { 'x-api-key': 'a' },
      signal: AbortSignal.timeout(100),
    });
    await expect(hung).rejects.toThrow();
  });

  it('narrows faults to some routes', async () => {
    sim.faults.set({ routes: [ROUTES.createUser], errorRates: { 503: 1 } });
    expect((await call(sim, 'POST', '/ai/v1/users', { key: 'a' })).status).toBe(503);
    expect((await getUser()).status).toBe(200);
  });

  it('seeds users with nights over /_sim', async () => {
    const created = await call(sim, 'POST', '/_sim/users', {
      key: null,
      body: { apiKey: 'b', nights: 2, kind: 'normal' },
    });
    expect(created.status).toBe(201);
    expect(created.body.session_ids).toHaveLength(2);
    const list = await call(sim, 'GET', '/data/v1/sessions', {
      key: 'b',
      userId: created.body.user_id,
    });
    expect(
      list.body.result.sleep_session_list.map((item: { session_id: string }) => item.session_id),
    ).toEqual([...created.body.session_ids].reverse());
  });
});
