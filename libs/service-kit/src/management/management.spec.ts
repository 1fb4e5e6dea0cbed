import { Counter, Registry } from 'prom-client';
import { ReadinessChecks } from '../readiness-checks';
import { ManagementEndpoints, READINESS_CACHE_MS } from './management-endpoints';
import { ManagementServer } from './management-server';
import { notReadyAnswers } from './startup-answers';

describe('the management port', () => {
  let checks: ReadinessChecks;
  let runs: number;
  let endpoints: ManagementEndpoints;
  let server: ManagementServer;
  let now: number;

  beforeEach(async () => {
    runs = 0;
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    checks = new ReadinessChecks();
    checks.add('kafka', async () => {
      runs++;
      return { ok: true, details: { broker: 'up' } };
    });
    const registry = new Registry();
    new Counter({ name: 'probe_test_total', help: 'a counter', registers: [registry] }).inc();
    endpoints = new ManagementEndpoints(checks, registry);
    server = await ManagementServer.start(0, '127.0.0.1', endpoints.handle);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await server.close();
  });

  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { status: response.status, body: await response.text() };
  };

  it('serves readiness, liveness and metrics', async () => {
    expect(await get('/health/live')).toMatchObject({ status: 200 });
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({
      status: 'ok',
      details: { kafka: { status: 'up', broker: 'up' } },
    });
    expect((await get('/metrics')).body).toMatch(/^probe_test_total 1$/m);
    expect((await get('/api/anything')).status).toBe(404);
  });

  it('runs the readiness checks at most once a second, however often it is asked', async () => {
    await Promise.all(Array.from({ length: 20 }, () => get('/health/ready')));
    expect(runs).toBe(1);
    now += READINESS_CACHE_MS - 1;
    await get('/health/ready');
    expect(runs).toBe(1);
    now += 2;
    await get('/health/ready');
    expect(runs).toBe(2);
  });

  it('answers 503 naming the failed check', async () => {
    checks.add('database', async () => false);
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ error: { database: { status: 'down' } } });
  });

  it('says what it waits for while starting, live but not ready', async () => {
    server.use(notReadyAnswers('startup', () => ({ waitingFor: ['postgres at db:5432'] })));
    expect((await get('/health/live')).status).toBe(200);
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body).details.startup.waitingFor).toEqual(['postgres at db:5432']);
  });
});
