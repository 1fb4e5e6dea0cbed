import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateNight, nightDeliveries } from '@sleep/asleep-sim';
import { freePort, startNode, waitReady, type NodeProcess } from '../support/node-process';
import { ownConsumerGroups } from '../support/app-env';
import { startPrometheus } from '../support/prometheus-server';
import { APPS, exec, ROOT, type AppName } from '../support/workspace';
import { DASHBOARDS } from './dashboards';

const API_KEY = `sk-ops-${randomBytes(6).toString('hex')}`;
// The gateway's development secret: the token command signs with it.
const JWT_SECRET = 'sleep-platform-development-secret-not-for-production';
const cliEnv = () => ({
  ...process.env,
  SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
  JWT_SECRET,
  LOG_LEVEL: 'silent',
});

describe('dashboards against the running services and a real Prometheus', () => {
  const apps = new Map<AppName, NodeProcess>();
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;

  beforeAll(async () => {
    const ports = Object.fromEntries(
      await Promise.all(APPS.map(async (app) => [app, await freePort()] as const)),
    ) as Record<AppName, number>;
    const managementPorts = Object.fromEntries(
      await Promise.all(APPS.map(async (app) => [app, await freePort()] as const)),
    ) as Record<AppName, number>;
    for (const app of APPS) {
      apps.set(
        app,
        startNode(
          ['-r', '@swc-node/register', join(ROOT, 'apps', app, 'src', 'main.ts')],
          { port: ports[app], managementPort: managementPorts[app] },
          {
            SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
            KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
            DATABASE_URL: process.env['TEST_DATABASE_URL'],
            STATE_DIR: mkdtempSync(join(tmpdir(), `${app}-dash-`)),
            LOG_LEVEL: 'warn',
            WEBHOOK_API_KEYS: `ops:${API_KEY}`,
            JWT_SECRET,
            SESSION_SERVICE_URL: `http://127.0.0.1:${ports['session-service']}`,
            ...ownConsumerGroups(app),
          },
          ROOT,
        ),
      );
    }
    await Promise.all([...apps.values()].map((proc) => waitReady(proc, 120_000)));
    // Prometheus scrapes the management ports, as the ServiceMonitor does in a cluster.
    prometheus = await startPrometheus(APPS.map((app) => `127.0.0.1:${managementPorts[app]}`));

    // Traffic: two users' nights into ingest, one forged webhook, gateway calls with a token.
    const ingest = apps.get('webhook-ingest')!;
    const deliveries = [0, 1].flatMap((index) =>
      nightDeliveries(
        generateNight({
          userId: `G-20250301093015-Ops${randomBytes(3).toString('hex')}${index}`,
          date: '2025-03-10',
          kind: 'normal',
          seed: index + 7,
        }),
        { apiKey: API_KEY, version: 'V3' },
      ),
    );
    for (const delivery of deliveries) {
      const res = await fetch(`${ingest.url}/v1/webhooks/asleep`, {
        method: 'POST',
        headers: { ...delivery.headers },
        body: JSON.stringify(delivery.body),
      });
      await res.arrayBuffer();
    }
    await fetch(`${ingest.url}/v1/webhooks/asleep`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'forged' },
      body: '{}',
    }).then((r) => r.arrayBuffer());
    const { stdout } = await exec(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'apps/gateway/src/cli/token.ts',
        '--tenant',
        'ops',
        '--user',
        'u1',
        '--role',
        'admin',
      ],
      { env: cliEnv() },
    );
    const token = stdout.match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/)?.[0];
    const gateway = apps.get('gateway')!;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${gateway.url}/trpc/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`gateway /trpc/me: ${res.status} ${body}`);
    }
    // analytics-service is called only by the gateway (over RPC, with a service token): a caller
    // without one is refused, and that answer is traffic its request panels must show.
    const analytics = apps.get('analytics-service')!;
    for (let i = 0; i < 3; i++)
      await fetch(`${analytics.url}/rpc/rules`).then((r) => r.arrayBuffer());
    // Several scrapes after the traffic, so every rate has two samples in its window.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all([...apps.values()].map((proc) => proc.stop('SIGTERM')));
  });

  const panels = DASHBOARDS.flatMap((d) =>
    d.rows.flatMap((r) => r.panels.map((p) => [`${d.uid}: ${p.title}`, p] as const)),
  );

  it.each(panels)('%s returns data', async (name, panel) => {
    const results = await Promise.all(
      panel.queries.map((q) => prometheus.query(q.expr.replace(/\$__rate_interval/g, '1m'))),
    );
    for (const result of results) expect(result.status).toBe('success');
    const series = results.reduce((sum, r) => sum + (r.data?.result.length ?? 0), 0);
    // Panels of rare events show a flat zero until one happens (`or vector(0)`), so every panel has data.
    expect({ name, series: series > 0 }).toEqual({ name, series: true });
  });
});
