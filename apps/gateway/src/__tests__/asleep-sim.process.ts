import { type ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

export interface SimProcess {
  url: string;
  /** Every Asleep route answers 503 until `endOutage`. */
  outage(): Promise<void>;
  endOutage(): Promise<void>;
  /** Whether Asleep (U2) knows the user under this key. */
  hasUser(userId: string, apiKey: string): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * The Asleep simulator as its own process (apps may not import it): driven over its REST and /_sim
 * APIs. Each gets a seed of its own by default: user ids are minted from the seed and the second,
 * and the suites share one broker, so two simulators of one seed creating a user in the same
 * second would announce the same user id on `sleep.users.v1` under two tenants.
 */
export async function startSimProcess(
  apiKeys: string[],
  seed = randomInt(1, 2 ** 31),
): Promise<SimProcess> {
  const args = [
    '-r',
    '@swc-node/register',
    resolve(ROOT, 'tools/asleep-sim/src/cli.ts'),
    'serve',
    '--port',
    '0',
    '--seed',
    String(seed),
  ];
  for (const key of apiKeys) args.push('--api-key', key);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      SWC_NODE_PROJECT: resolve(ROOT, 'tsconfig.base.json'),
      // A test process that dies (a killed jest worker) must not leave the simulator running.
      STOP_WITH_PARENT: 'true',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  const url = await new Promise<string>((done, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`asleep-sim did not start: ${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`asleep-sim exited (${code}): ${output}`));
    });
  }).catch(async (error: unknown) => {
    // One that did not answer in time may still be starting: it is not left behind.
    await stop();
    throw error;
  });
  const admin = (method: string, path: string) =>
    fetch(`${url}/_sim${path}`, { method }).then((response) => void response.arrayBuffer());
  return {
    url,
    outage: () => admin('PUT', '/faults/outage'),
    endOutage: () => admin('DELETE', '/faults/outage'),
    hasUser: async (userId, apiKey) => {
      const response = await fetch(`${url}/ai/v1/users/${encodeURIComponent(userId)}`, {
        headers: { 'x-api-key': apiKey },
      });
      await response.arrayBuffer();
      return response.status === 200;
    },
    stop,
  };
}
