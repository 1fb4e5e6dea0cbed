import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serviceNodeArgs, type LaunchMode } from './service-launch';

export interface ServiceSpec {
  name: string;
  port: number;
  /** Probes and metrics (the apps' own defaults). */
  managementPort: number;
}

/** The four apps and their default ports; each API port is overridable by env. */
export const SERVICES: ServiceSpec[] = [
  { name: 'gateway', port: 3000, managementPort: 9464 },
  { name: 'webhook-ingest', port: 3001, managementPort: 9465 },
  { name: 'session-service', port: 3002, managementPort: 9466 },
  { name: 'analytics-service', port: 3003, managementPort: 9467 },
];

export const portEnvName = (service: string) => `${service.toUpperCase().replace(/-/g, '_')}_PORT`;
export const managementPortEnvName = (service: string) =>
  `${service.toUpperCase().replace(/-/g, '_')}_MANAGEMENT_PORT`;

export interface RunningService extends ServiceSpec {
  child: ChildProcess;
  logFile: string;
  url: string;
  managementUrl: string;
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
    env: {
      ...env,
      PORT: String(spec.port),
      MANAGEMENT_PORT: String(spec.managementPort),
      STOP_WITH_PARENT: 'true',
      SWC_NODE_PROJECT: join(root, 'tsconfig.base.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return {
    ...spec,
    child,
    logFile,
    url: `http://127.0.0.1:${spec.port}`,
    managementUrl: `http://127.0.0.1:${spec.managementPort}`,
  };
}

/** `managementUrl`: readiness is answered on the management port. */
export async function waitReady(managementUrl: string, timeoutMs: number, isAlive: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive()) {
    try {
      const res = await fetch(`${managementUrl}/health/ready`, {
        signal: AbortSignal.timeout(2000),
      });
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
