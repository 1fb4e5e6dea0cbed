import { parsePrometheusText } from '@sleep/observability/testing';
import { APPS, startApp, waitForStatus, type AppProcess } from '@sleep/testkit';

/** A service that stores something has a database; webhook-ingest keeps only a spool on disk. */
const STORES_NOTHING = ['webhook-ingest'];

describe.each(APPS)(
  '%s boots against the real broker (and its database, if it has one)',
  (name) => {
    let app: AppProcess;

    beforeAll(async () => {
      app = await startApp(name);
      await waitForStatus(app, '/health/ready', 200);
    }, 90_000);

    afterAll(() => app?.stop('SIGKILL'));

    it('is live and ready on its management port, and serves neither on its public one', async () => {
      const live = await fetch(`${app.managementUrl}/health/live`);
      expect(live.status).toBe(200);
      for (const path of ['/health/live', '/health/ready', '/metrics'])
        expect({ path, status: (await fetch(`${app.url}${path}`)).status }).toEqual({
          path,
          status: 404,
        });
      const ready = (await (await fetch(`${app.managementUrl}/health/ready`)).json()) as {
        status: string;
        details: Record<string, unknown>;
      };
      expect(ready.status).toBe('ok');
      if (STORES_NOTHING.includes(name)) {
        expect(Object.keys(ready.details)).toEqual(expect.arrayContaining(['kafka', 'spool']));
        expect(Object.keys(ready.details)).not.toContain('database');
      } else {
        expect(Object.keys(ready.details)).toEqual(expect.arrayContaining(['kafka', 'database']));
      }
    });

    it('serves Prometheus text with HTTP metrics by route and status', async () => {
      await fetch(`${app.url}/no/such/route`);
      const res = await fetch(`${app.managementUrl}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const families = parsePrometheusText(await res.text());
      const requests = families.find((f) => f.name === 'http_requests_total');
      expect(requests?.type).toBe('COUNTER');
      expect(requests?.metrics).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            labels: expect.objectContaining({
              route: 'unmatched',
              status: '404',
              service: name,
            }),
          }),
        ]),
      );
      const duration = families.find((f) => f.name === 'http_request_duration_seconds');
      expect(duration?.type).toBe('HISTOGRAM');
      expect(families.some((f) => f.name === 'process_resident_memory_bytes')).toBe(true);
    });

    it('answers an unknown route with a clean 404, no stack trace', async () => {
      const res = await fetch(`${app.url}/no/such/route`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
    });

    it('exits 0 within 10 s of SIGTERM', async () => {
      const started = Date.now();
      const { code } = await app.stop('SIGTERM');
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(app.output()).toMatch(/shutting down/);
    }, 20_000);
  },
);
