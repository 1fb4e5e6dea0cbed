import Fastify from 'fastify';
import { parsePrometheusText } from './testing';
import { createMetricsRegistry, registerHttpMetrics } from './index';

describe('HTTP metrics', () => {
  it('counts requests by route template and status, in valid Prometheus text', async () => {
    const registry = createMetricsRegistry('test-service');
    const app = Fastify();
    registerHttpMetrics(app, registry);
    app.get('/things/:id', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/things/1' });
    await app.inject({ method: 'GET', url: '/things/2' });
    await app.inject({ method: 'GET', url: '/nope/3' });

    const families = parsePrometheusText(await registry.metrics());
    const requests = families.find((f) => f.name === 'http_requests_total');
    const byRoute = Object.fromEntries(
      (requests?.metrics ?? []).map((m) => [`${m.labels?.route} ${m.labels?.status}`, m.value]),
    );
    expect(byRoute['/things/:id 200']).toBe('2');
    expect(byRoute['unmatched 404']).toBe('1');
    expect(families.some((f) => f.name === 'process_resident_memory_bytes')).toBe(true);
    await app.close();
  });
});
