import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '@sleep/testkit';

export const ROOT = resolve(__dirname, '../../..');

export interface BenchProcess {
  url: string;
  /** Probes and metrics (the apps' management port). */
  managementUrl: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts an entry point as its own Node process: a compiled bundle (`.js`) as production runs
 * it, or TypeScript compiled on load by SWC. With `logFile` its output goes to that file, as a
 * container runtime keeps it, rather than through a pipe the busy load generator must drain
 * (a full pipe blocks a process that logs synchronously).
 */
export async function startProcess(
  entry: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
  logFile?: string,
): Promise<BenchProcess> {
  const port = await freePort();
  const managementPort = await freePort();
  let output = '';
  let logFd: number | undefined;
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      ...(entry.endsWith('.ts') ? ['-r', '@swc-node/register'] : []),
      join(ROOT, entry),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
        LOG_LEVEL: 'warn',
        ...env,
        PORT: String(port),
        MANAGEMENT_PORT: String(managementPort),
      },
      stdio: logFile
        ? ['ignore', (logFd = openSync(logFile, 'a')), logFd]
        : ['ignore', 'pipe', 'pipe'],
    },
  );
  if (logFd !== undefined) closeSync(logFd);
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    managementUrl: `http://127.0.0.1:${managementPort}`,
    child,
    output: () => (logFile ? readFileSync(logFile, 'utf8').slice(-20_000) : output),
    stop,
  };
}

/** Polls `path` until it answers 200 (any answer when `path` is undefined). */
export async function waitUntilServing(
  target: BenchProcess,
  path?: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && target.child.exitCode === null) {
    try {
      const base = path?.startsWith('/health') ? target.managementUrl : target.url;
      const response = await fetch(`${base}${path ?? '/'}`, {
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      if (path === undefined || response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${target.url} did not come up:\n${target.output().slice(-3_000)}`);
}

/** `nx build <project>` (cached when nothing changed); returns the bundle's path from the root. */
export function buildApp(project: string): string {
  const result = spawnSync(
    process.execPath,
    [require.resolve('nx/bin/nx'), 'build', project, '--output-style=static'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    },
  );
  if (result.status !== 0)
    throw new Error(`nx build ${project} failed:\n${result.stdout}${result.stderr}`);
  return join('dist', 'apps', project, 'main.js');
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds a process has used so far (user + system, all threads), or with `mainThread` its
 * main thread's only (the one that runs JavaScript); NaN where /proc is missing.
 */
export function cpuSeconds(pid: number | undefined, mainThread = false): number {
  try {
    const file = mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
    const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}
