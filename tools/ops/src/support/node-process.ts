import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '@sleep/embedded-pg';

export { freePort };

export interface NodeProcess {
  url: string;
  /** Probes and metrics. */
  managementUrl: string;
  child: ChildProcess;
  startedAt: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node <args>` with exactly `env` (plus PATH, HOME and the two ports), capturing its
 * output.
 */
export function startNode(
  args: string[],
  ports: { port: number; managementPort: number },
  env: NodeJS.ProcessEnv,
  cwd: string,
) {
  const { port, managementPort } = ports;
  let output = '';
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd,
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      PORT: String(port),
      MANAGEMENT_PORT: String(managementPort),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  const proc: NodeProcess = {
    url: `http://127.0.0.1:${port}`,
    managementUrl: `http://127.0.0.1:${managementPort}`,
    child,
    startedAt,
    output: () => output,
    exited,
    stop,
  };
  return proc;
}

/**
 * Milliseconds from spawn until /health/ready answers 200 on the management port; throws with the
 * output otherwise.
 */
export async function waitReady(proc: NodeProcess, timeoutMs = 90_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && proc.child.exitCode === null) {
    try {
      const res = await fetch(`${proc.managementUrl}/health/ready`, {
        signal: AbortSignal.timeout(2000),
      });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - proc.startedAt;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not ready:\n${proc.output().slice(-3000)}`);
}

/** Resident set size of a process in MiB, from the kernel. */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024;
}
