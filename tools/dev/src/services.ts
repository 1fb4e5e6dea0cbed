import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serviceNodeArgs, type LaunchMode } from './service-launch';

export interface ServiceSpec {
  name: string;
  port: number;
}

/** The four apps and their default ports; each port is overridable by env. */
export const SERVICES: ServiceSpec[] = [
  { name: 'gateway', port: 3000 },
  { name: 'webhook-ingest', port: 3001 },
  { name: 'session-service', port: 3002 },
  { name: 'analytics-service', port: 3003 },
];

export const portEnvName = (service: string) => `${service.toUpperCase().replace(/-/g, '_')}_PORT`;

export interface RunningService extends ServiceSpec {
  child: ChildProcess;
  logFile: string;
  url: string;
}

/** Starts one app as its own Node process, logging into `logDir/<name>.log`. */
export function spawnService(
  root: string,
  spec: ServiceSpec,
  env: NodeJS.ProcessEnv,
  logDir: string,
  mode: LaunchMode = 'swc-on-load',
): RunningService {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${spec.name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, serviceNodeArgs(root, spec.name, mode), {
    cwd: root,
    env: { ...env, PORT: String(spec.port), SWC_NODE_PROJECT: join(root, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { ...spec, child, logFile, url: `http://127.0.0.1:${spec.port}` };
}

export async function waitReady(url: string, timeoutMs: number, isAlive: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive()) {
    try {
      const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

export function stopService(service: RunningService, timeoutMs = 12_000): Promise<void> {
  return new Promise((resolve) => {
    if (service.child.exitCode !== null || service.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => service.child.kill('SIGKILL'), timeoutMs);
    service.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    service.child.kill('SIGTERM');
  });
}
