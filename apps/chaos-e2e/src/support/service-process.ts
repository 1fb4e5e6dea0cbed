import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@sleep/embedded-pg';

const ROOT = resolve(__dirname, '../../../..');

export type ServiceName = 'gateway' | 'webhook-ingest' | 'session-service' | 'analytics-service';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  name: ServiceName;
  url: string;
  port: number;
  /** Probes and metrics. */
  managementUrl: string;
  managementPort: number;
  stateDir: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<Exit>;
  /** True while the process runs; false once it exited, whatever the cause. */
  alive(): boolean;
  kill(signal?: NodeJS.Signals): Promise<Exit>;
}

/**
 * A service as production runs it: its own Node process, configured by env alone. Not waited
 * for: callers decide what "up" means (live, ready, or exited with a message).
 */
export async function spawnService(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  reuse?: { port: number; managementPort: number; stateDir: string },
): Promise<ServiceProcess> {
  const port = reuse?.port ?? (await freePort());
  const managementPort = reuse?.managementPort ?? (await freePort());
  const stateDir = reuse?.stateDir ?? mkdtempSync(join(tmpdir(), `chaos-${name}-`));
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
        STATE_DIR: stateDir,
        LOG_LEVEL: 'info',
        PORT: String(port),
        MANAGEMENT_PORT: String(managementPort),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-300_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<Exit>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    managementUrl: `http://127.0.0.1:${managementPort}`,
    managementPort,
    stateDir,
    child,
    output: () => output,
    exited,
    alive,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (alive()) child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const result = await exited;
      clearTimeout(killer);
      return result;
    },
  };
}

export async function httpStatus(url: string, timeoutMs = 3_000): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/**
 * Polls `path` until it answers `status`; fails with the service's last output otherwise. Probes
 * and metrics are asked on the management port.
 */
export async function waitForStatus(
  service: ServiceProcess,
  path: string,
  status: number,
  timeoutMs = 60_000,
): Promise<number> {
  const started = Date.now();
  let last = 0;
  while (Date.now() - started < timeoutMs && service.alive()) {
    const base = /^\/(health|metrics)\b/.test(path) ? service.managementUrl : service.url;
    last = await httpStatus(`${base}${path}`);
    if (last === status) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(
    `${service.name} ${path}: wanted ${status}, last ${last}, ` +
      `${service.alive() ? 'still running' : 'exited'}\n${service.output().slice(-4_000)}`,
  );
}
