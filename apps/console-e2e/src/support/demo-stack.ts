import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@sleep/embedded-pg';

const ROOT = join(__dirname, '..', '..', '..', '..');

export interface DemoStack {
  gatewayUrl: string;
  /** Admin of tenant `demo`, as `npm start` prints it. */
  token: string;
  /** Mints another development token through the gateway's own command. */
  mintToken(tenant: string, user: string, role: string): string;
  stop(): Promise<void>;
}

/**
 * `npm start -- --demo` as a developer runs it: Kafka (the test run's when KAFKA_BROKERS is set),
 * a PostgreSQL server of its own, the four services, the Asleep simulator playing the nights of
 * its users; the console built and served by the gateway.
 */
export async function startDemoStack(
  options: { users?: number; speed?: number } = {},
): Promise<DemoStack> {
  const stateDir = mkdtempSync(join(tmpdir(), 'console-stack-'));
  // As root the database server runs as the postgres user, which must reach the folder.
  chmodSync(stateDir, 0o755);
  const [gateway, ingest, sessions, analytics, postgres, sim, kafka] = await Promise.all(
    Array.from({ length: 7 }, () => freePort()),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
    STATE_DIR: stateDir,
    GATEWAY_PORT: String(gateway),
    WEBHOOK_INGEST_PORT: String(ingest),
    SESSION_SERVICE_PORT: String(sessions),
    ANALYTICS_SERVICE_PORT: String(analytics),
    DEV_POSTGRES_PORT: String(postgres),
    DEMO_SIM_PORT: String(sim),
    DEMO_SPEED: String(options.speed ?? 1500),
    DEMO_USERS: String(options.users ?? 3),
    LOG_LEVEL: 'info',
    // Four services compiled on load on a busy machine: give them time to become ready.
    STARTUP_TIMEOUT_MS: '300000',
    SESSION_GROUP_ID: `console-demo-${randomBytes(3).toString('hex')}`,
    ANALYTICS_GROUP_ID: `console-demo-${randomBytes(3).toString('hex')}`,
  };
  delete env['DATABASE_URL'];
  // Outside the test run (a benchmark) there is no broker yet: start.ts runs one on a free port.
  if (!env['KAFKA_BROKERS']) env['KAFKA_PORT'] = String(kafka);
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'tools/dev/src/start.ts', '--demo'],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 480_000;
      const check = () => {
        if (/^Demo: .* registered/m.test(output)) return resolve();
        if (Date.now() > deadline || child.exitCode !== null)
          return reject(new Error(`the demo did not start; it printed:\n${output}`));
        setTimeout(check, 250);
      };
      check();
    });
  } catch (error) {
    const logs = join(stateDir, 'logs');
    const tails = readdirSync(logs).map(
      (file) =>
        `--- ${file}\n${readFileSync(join(logs, file), 'utf8').split('\n').slice(-8).join('\n')}`,
    );
    await stop();
    throw new Error(`${(error as Error).message}\n${tails.join('\n')}`);
  }
  const token = output
    .split('\n')
    .find((line) => line.startsWith('export TOKEN='))
    ?.slice(13);
  if (!token) throw new Error(`no token printed:\n${output}`);
  return {
    gatewayUrl: `http://127.0.0.1:${gateway}`,
    token,
    mintToken: (tenant, user, role) => {
      const result = spawnSync(
        process.execPath,
        [
          '-r',
          '@swc-node/register',
          'apps/gateway/src/cli/token.ts',
          '--tenant',
          tenant,
          '--user',
          user,
          '--role',
          role,
        ],
        { cwd: ROOT, env, encoding: 'utf8' },
      );
      if (result.status !== 0) throw new Error(`could not mint a token: ${result.stderr}`);
      return result.stdout.trim();
    },
    stop,
  };
}
