import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@sleep/testkit';

const ROOT = resolve(__dirname, '../../../..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface IngestProcess {
  url: string;
  /** Probes and metrics. */
  managementUrl: string;
  webhookUrl: string;
  port: number;
  stateDir: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<Exit>;
  stop(signal?: NodeJS.Signals): Promise<Exit>;
  /** Sum of a metric's samples whose labels include `labels`. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

/** webhook-ingest as production runs it: its own Node process, configured by env alone, ready. */
export async function startIngest(env: NodeJS.ProcessEnv): Promise<IngestProcess> {
  const port = await freePort();
  const managementPort = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'webhook-ingest-e2e-'));
  let output = '';
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(ROOT, 'apps/webhook-ingest/src/main.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
        KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
        DATABASE_URL: process.env['TEST_DATABASE_URL'] ?? '',
        STATE_DIR: stateDir,
        LOG_LEVEL: 'info',
        PORT: String(port),
        MANAGEMENT_PORT: String(managementPort),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<Exit>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const managementUrl = `http://127.0.0.1:${managementPort}`;
  const ingest: IngestProcess = {
    url,
    managementUrl,
    webhookUrl: `${url}/v1/webhooks/asleep`,
    port,
    stateDir,
    child,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const result = await exited;
      clearTimeout(killer);
      rmSync(stateDir, { recursive: true, force: true });
      return result;
    },
    async metric(name, labels = {}) {
      const text = await (await fetch(`${managementUrl}/metrics`)).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
        .filter((line) =>
          Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)),
        )
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    },
  };
  await waitForReady(ingest);
  return ingest;
}

async function waitForReady(ingest: IngestProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && ingest.child.exitCode === null) {
    try {
      const response = await fetch(`${ingest.managementUrl}/health/ready`, {
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`webhook-ingest did not become ready:\n${ingest.output().slice(-3_000)}`);
}

export async function until(
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
