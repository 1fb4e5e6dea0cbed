import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';

const ROOT = resolve(__dirname, '../../..');

export const APPS = ['gateway', 'webhook-ingest', 'session-service', 'analytics-service'] as const;
export type AppName = (typeof APPS)[number];

export interface AppProcess {
  name: AppName;
  url: string;
  /** Probes and metrics: the management port. */
  managementUrl: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts an app as production does: its own Node process, configured by env alone. A gateway
 * writes its change feed in a change-ledger group of its own unless `env` names one: the tests'
 * broker is shared, and on the default group other suites' gateways would take partitions of the
 * feed's topics from it (dropping the events when their database is another) and stall it with
 * a rebalance each time one joins or leaves. The name keeps the `gateway-` prefix its Kafka ACLs
 * allow.
 */
export async function startApp(name: AppName, env: NodeJS.ProcessEnv = {}): Promise<AppProcess> {
  const port = env['PORT'] ? Number(env['PORT']) : await freePort();
  const managementPort = env['MANAGEMENT_PORT'] ? Number(env['MANAGEMENT_PORT']) : await freePort();
  let output = '';
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(ROOT, 'apps', name, 'src', 'main.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
        KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
        DATABASE_URL: process.env['TEST_DATABASE_URL'],
        STATE_DIR: mkdtempSync(join(tmpdir(), `${name}-`)),
        LOG_LEVEL: 'info',
        // A test process that dies (a killed jest worker) must not leave its apps running.
        STOP_WITH_PARENT: 'true',
        PORT: String(port),
        MANAGEMENT_PORT: String(managementPort),
        ...(name === 'gateway'
          ? { CHANGE_LEDGER_GROUP: `gateway-change-ledger-${randomBytes(4).toString('hex')}` }
          : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const result = await exited;
    clearTimeout(killer);
    return result;
  };
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    managementUrl: `http://127.0.0.1:${managementPort}`,
    child,
    output: () => output,
    exited,
    stop,
  };
}

export async function httpStatus(url: string): Promise<number> {
  return (await httpAnswer(url)).status;
}

/** Status and body of a GET; status 0 with the error's message when nothing answered. */
export async function httpAnswer(url: string): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return { status: res.status, body: await res.text() };
  } catch (error) {
    return { status: 0, body: String(error) };
  }
}

/** Where a path is served: probes and metrics on the management port, the rest on the API's. */
export const urlOf = (app: Pick<AppProcess, 'url' | 'managementUrl'>, path: string) =>
  `${/^\/(health|metrics)\b/.test(path) ? app.managementUrl : app.url}${path}`;

/** Polls until `path` answers `status` (see `urlOf`), or fails with what the app printed. */
export async function waitForStatus(
  app: AppProcess,
  path: string,
  status: number,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last = { status: 0, body: 'not asked' };
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) break;
    last = await httpAnswer(urlOf(app, path));
    if (last.status === status) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${app.name} ${path}: wanted ${status}, last ${last.status} ${last.body.slice(0, 1000)}\n` +
      app.output().slice(-3000),
  );
}
