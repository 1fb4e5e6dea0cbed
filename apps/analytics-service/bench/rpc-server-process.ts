import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { FromServer, GcPause, ServerSpan, ToServer } from './rpc-server-messages';

/** analytics-service's V8 flags where it is deployed (k8s base, compose): 16 MB semi-spaces. */
export const DEPLOYED_NODE_FLAGS = [
  '--max-old-space-size-percentage=50',
  '--max-semi-space-size=16',
];

export interface RpcServerProcess {
  /** The server's base URL (no prefix). */
  url: string;
  /** The V8 flags it runs with. */
  flags: string;
  /** Its process id (its main thread's, for /proc readings). */
  pid: number;
  /** Starts measuring the server process's CPU; the function returned reads the ms used since. */
  measureCpu(): Promise<() => Promise<number>>;
  /** The server's GC pauses since the previous call (or its start). */
  gcPauses(): Promise<GcPause[]>;
  /** The server's request and query spans since the previous call (or its start). */
  spans(): Promise<ServerSpan[]>;
  close(): Promise<void>;
}

function next<K extends FromServer['kind']>(
  child: ChildProcess,
  kind: K,
): Promise<Extract<FromServer, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromServer) => {
      if (message.kind !== kind) return;
      child.off('message', onMessage).off('exit', onExit);
      resolve(message as Extract<FromServer, { kind: K }>);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`the RPC server process exited (${code}) before sending "${kind}"`));
    };
    child.on('message', onMessage).once('exit', onExit);
  });
}

/**
 * The server's V8 flags: the deployment's, or `BENCH_SERVER_NODE_FLAGS` (space-separated) to
 * measure others against them.
 */
export const serverNodeFlags = (): string[] =>
  process.env['BENCH_SERVER_NODE_FLAGS']?.split(/\s+/).filter(Boolean) ?? DEPLOYED_NODE_FLAGS;

/**
 * Starts rpc-server.ts in a child process on `databaseUrl`, compiled on load as this process: this
 * checkout's, or that of `checkout` (the root of another checkout of the repository, with its
 * dependencies installed), to compare code.
 */
export async function startRpcServerProcess(
  databaseUrl: string,
  nodeFlags: readonly string[] = serverNodeFlags(),
  checkout?: string,
): Promise<RpcServerProcess> {
  const bench = checkout ? join(checkout, 'apps/analytics-service/bench') : __dirname;
  const child = fork(join(bench, 'rpc-server.ts'), [], {
    execArgv: [...nodeFlags, '-r', '@swc-node/register'],
    // Its own tsconfig's paths: the libraries of its checkout.
    cwd: checkout ?? process.cwd(),
    env: { ...process.env, BENCH_RPC_DATABASE_URL: databaseUrl },
  });
  const ask = (message: ToServer) => child.send(message);
  const cpuMs = async () => {
    const answer = next(child, 'cpu');
    ask({ kind: 'cpu' });
    return (await answer).ms;
  };
  const { url, flags } = await next(child, 'listening');
  return {
    url,
    flags,
    pid: child.pid as number,
    async measureCpu() {
      const before = await cpuMs();
      return async () => (await cpuMs()) - before;
    },
    async gcPauses() {
      const answer = next(child, 'gc');
      ask({ kind: 'gc' });
      return (await answer).pauses;
    },
    async spans() {
      const answer = next(child, 'spans');
      ask({ kind: 'spans' });
      return (await answer).spans;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      ask({ kind: 'close' });
      await exited;
    },
  };
}
