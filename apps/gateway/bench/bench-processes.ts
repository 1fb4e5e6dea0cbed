import { type ChildProcess, fork, spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from '@sleep/testkit';

export const ROOT = resolve(__dirname, '../../..');
const SWC = { SWC_NODE_PROJECT: resolve(ROOT, 'tsconfig.base.json') };

/** A helper script in its own process, resolved with its first IPC message. */
export async function forkWithMessage<T>(
  script: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; message: T }> {
  const child = fork(resolve(__dirname, script), [], {
    cwd: ROOT,
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, ...SWC, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const message = await new Promise<T>((done, fail) => {
    child.once('message', (value) => done(value as T));
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code}`)));
  });
  return { child, message };
}

/** CPU time the helper process used so far, in microseconds (user + system). */
export function cpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((done) => {
    child.once('message', (message) => {
      const { cpu } = message as { cpu: NodeJS.CpuUsage };
      done(cpu.user + cpu.system);
    });
    child.send('cpu');
  });
}

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.disconnect?.();
  setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  return exited;
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
    socket.once('timeout', () => (socket.destroy(), done(false)));
    socket.connect(port, host);
  });
}

/** KAFKA_BROKERS (or a broker already on 9092) when reachable; otherwise a broker of our own. */
export async function ensureBroker(
  log: (line: string) => void,
): Promise<{ brokers: string; stop(): Promise<void> }> {
  const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
  const [host, port] = brokers.split(',')[0].split(':');
  if (await reachable(host, Number(port))) return { brokers, stop: async () => undefined };
  const own = await freePort();
  log(`starting a Kafka broker on ${own} (no broker at ${brokers})`);
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      'tools/kafka/src/cli.ts',
      'start',
      '--port',
      String(own),
      '--heap-mb',
      '512',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...SWC },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((done, fail) => {
    child.stdout?.on(
      'data',
      (chunk: Buffer) => chunk.toString().includes('Ctrl-C stops it') && done(),
    );
    child.once('exit', (code) => fail(new Error(`Kafka exited with ${code}`)));
  });
  return {
    brokers: `127.0.0.1:${own}`,
    stop: async () => {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
