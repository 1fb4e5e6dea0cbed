// Footprint of the four services as `npm start` runs them (one broker, the shared PostgreSQL
// server, the same node flags): time until all four are ready, idle RSS, RSS under sustained
// load (SESSION_COMPLETE webhooks and hostile requests to ingest, which session-service and
// analytics-service then consume; token and forged-token calls to the gateway) and after it.
// Env: MODES (compiled,swc-on-load), LOAD_SECONDS (30), CONNECTIONS (20). Every port is drawn
// free, so a developer's running stack or another run on the machine cannot answer its probes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { generateNight, nightDeliveries } from '@sleep/asleep-sim';
import { freePort } from '@sleep/embedded-pg';
import { startBroker } from '@sleep/kafka-broker';
import { DATABASE_TENANTS, startDevDatabase } from '../src/dev-database';
import { SERVICE_HEAP_FLAGS, type LaunchMode } from '../src/service-launch';
import {
  SERVICES,
  spawnService,
  type ServiceSpec,
  stopService,
  waitReady,
  type RunningService,
} from '../src/services';

const ROOT = join(__dirname, '../../..');
const MODES = (process.env['MODES'] ?? 'compiled,swc-on-load').split(',') as LaunchMode[];
const LOAD_SECONDS = Number(process.env['LOAD_SECONDS'] ?? 30);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 20);
const API_KEY = 'footprint-bench-key-0123456789';
const JWT_SECRET = 'footprint-bench-jwt-secret-0123456789abcdef';

interface Row {
  readyMs: number;
  idle: number;
  peak: number;
  after: number;
}

function rssMiB(pid: number | undefined): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

const token = (claims: Record<string, string>) =>
  new SignJWT({ tenant: 'footprint', role: 'admin', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('footprint-admin')
    .setIssuer('sleep-platform-dev')
    .setAudience('sleep-gateway')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(JWT_SECRET));

/** Valid nights (consumed downstream) and hostile requests (a wrong key, a truncated body). */
function ingestRequests() {
  const path = '/v1/webhooks/asleep';
  const nights = Array.from({ length: 48 }, (_, i) => {
    const night = generateNight({ userId: `footprint-${i}`, date: '2025-03-10', kind: 'normal' });
    const complete = nightDeliveries(night, { apiKey: API_KEY }).at(-1)!;
    return { userId: night.userId, body: JSON.stringify(complete.body) };
  });
  const post = (userId: string, key: string, body: string) => ({
    method: 'POST' as const,
    path,
    headers: { 'content-type': 'application/json', 'x-api-key': key, 'x-user-id': userId },
    body,
  });
  return [
    ...nights.map(({ userId, body }) => post(userId, API_KEY, body)),
    ...nights.slice(0, 16).map(({ userId, body }) => post(userId, 'wrong-key', body)),
    ...nights.slice(0, 16).map(({ userId, body }) => post(userId, API_KEY, body.slice(0, 999))),
  ];
}

async function sampleWhile(services: RunningService[], work: Promise<unknown>) {
  const peaks = services.map(() => 0);
  const sample = () =>
    services.forEach((s, i) => (peaks[i] = Math.max(peaks[i], rssMiB(s.child.pid))));
  const timer = setInterval(sample, 250);
  try {
    await work;
  } finally {
    clearInterval(timer);
    sample();
  }
  return peaks;
}

async function measureMode(
  mode: LaunchMode,
  specs: ServiceSpec[],
  env: NodeJS.ProcessEnv,
  urls: Record<string, string>,
  logDir: string,
): Promise<Row[]> {
  const started = performance.now();
  const services = specs.map((spec) =>
    spawnService(
      ROOT,
      spec,
      urls[spec.name] ? { ...env, DATABASE_URL: urls[spec.name] } : env,
      logDir,
      mode,
    ),
  );
  try {
    const readyMs = await Promise.all(
      services.map(async (s) => {
        if (!(await waitReady(s.managementUrl, 120_000, () => s.child.exitCode === null)))
          throw new Error(`${s.name} not ready (${mode}); see ${s.logFile}`);
        return performance.now() - started;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const idle = services.map((s) => rssMiB(s.child.pid));
    const auth = { authorization: `Bearer ${await token({})}` };
    const load = Promise.all([
      autocannon({
        url: services[1].url,
        connections: CONNECTIONS,
        duration: LOAD_SECONDS,
        requests: ingestRequests(),
      }),
      autocannon({
        url: services[0].url,
        connections: Math.max(2, CONNECTIONS >> 2),
        duration: LOAD_SECONDS,
        requests: [
          { method: 'GET', path: '/api/me', headers: auth },
          { method: 'GET', path: '/api/users', headers: auth },
          { method: 'GET', path: '/api/me', headers: { authorization: 'Bearer forged' } },
        ],
      }),
    ]);
    const peak = await sampleWhile(services, load);
    const [ingest, gateway] = await load;
    console.log(
      `  [${mode}] load: ingest ${(ingest.requests.total / LOAD_SECONDS).toFixed(0)} req/s ` +
        `(2xx ${ingest['2xx']}, refused ${ingest.non2xx}, errors ${ingest.errors}); ` +
        `gateway ${(gateway.requests.total / LOAD_SECONDS).toFixed(0)} req/s`,
    );
    // The consumers work through the backlog for a while after the senders stop.
    const drain = await sampleWhile(
      services,
      new Promise((resolve) => setTimeout(resolve, 10_000)),
    );
    return services.map((s, i) => ({
      readyMs: readyMs[i],
      idle: idle[i],
      peak: Math.max(peak[i], drain[i]),
      after: rssMiB(s.child.pid),
    }));
  } finally {
    await Promise.all(services.map((s) => stopService(s)));
  }
}

async function main() {
  const stateDir = mkdtempSync(join(tmpdir(), 'footprint-bench-'));
  if (MODES.includes('compiled')) {
    const build = spawnSync(
      process.execPath,
      [
        require.resolve('nx/bin/nx'),
        'run-many',
        '-t',
        'build',
        '--output-style=static',
        '--projects',
        SERVICES.map((s) => s.name).join(','),
      ],
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } },
    );
    if (build.status !== 0) throw new Error('nx build failed');
  }
  process.env['SLEEP_STATE_DIR'] = join(stateDir, 'kafka');
  const specs: ServiceSpec[] = [];
  for (const spec of SERVICES)
    specs.push({ ...spec, port: await freePort(), managementPort: await freePort() });
  const urlOf = (name: string) => `http://127.0.0.1:${specs.find((s) => s.name === name)!.port}`;
  const broker = await startBroker({ port: await freePort(), controllerPort: await freePort() });
  const database = await startDevDatabase({
    stateDir,
    port: await freePort(),
    tenants: DATABASE_TENANTS,
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: broker.brokers.join(','),
    STATE_DIR: stateDir,
    LOG_LEVEL: 'warn',
    WEBHOOK_API_KEYS: `footprint:${API_KEY}`,
    JWT_SECRET,
    SESSION_SERVICE_URL: urlOf('session-service'),
    ANALYTICS_SERVICE_URL: urlOf('analytics-service'),
  };
  try {
    const results: [LaunchMode, Row[]][] = [];
    // The first start of each mode warms the broker's topics, the schemas and the OS caches.
    for (const mode of MODES) {
      await measureMode(mode, specs, env, database.urls, join(stateDir, 'logs'));
      results.push([
        mode,
        await measureMode(mode, specs, env, database.urls, join(stateDir, 'logs')),
      ]);
    }
    console.log(
      `\nfour services started together (warm); load ${LOAD_SECONDS} s; node flags ${SERVICE_HEAP_FLAGS.join(' ')}`,
    );
    console.log(
      'app                 mode          ready ms  idle RSS MiB  peak under load  after load',
    );
    for (const [mode, rows] of results) {
      rows.forEach((row, i) =>
        console.log(
          `${SERVICES[i].name.padEnd(19)} ${mode.padEnd(13)} ${row.readyMs.toFixed(0).padStart(8)}  ${row.idle.toFixed(0).padStart(12)}  ${row.peak.toFixed(0).padStart(15)}  ${row.after.toFixed(0).padStart(10)}`,
        ),
      );
      const slowest = Math.max(...rows.map((r) => r.readyMs));
      console.log(
        `${'all four ready'.padEnd(19)} ${mode.padEnd(13)} ${slowest.toFixed(0).padStart(8)}`,
      );
    }
    console.log('targets: idle <= 150 MB, under load <= 256 MB, all four ready <= 10 s (warm)');
  } finally {
    await database.stop();
    await broker.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
