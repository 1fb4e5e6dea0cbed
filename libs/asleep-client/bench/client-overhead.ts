// Per-call overhead of AsleepClient.getSession over a bare undici Pool.request to the same simulator endpoint.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { startAsleepSim } from '@sleep/asleep-sim';
import { Pool } from 'undici';
import { AsleepClient } from '../src';

const API_KEY = 'bench-key';
const CALLS = Number(process.env.BENCH_CALLS ?? 3_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TIMEZONE = 'Asia/Seoul';
/** Same pool settings on both sides, so only the client's own work differs. */
const POOL = { connections: 16, keepAliveTimeoutMs: 4_000 };

interface Target {
  url: string;
  userId: string;
  sessionId: string;
  stop(): Promise<void>;
}

/** Default: the sim in a child process. `--in-process` shares the event loop, as a jest test would. */
async function startTarget(inProcess: boolean): Promise<Target> {
  if (inProcess) {
    const sim = await startAsleepSim({ apiKeys: [API_KEY], seed: 11 });
    const { userId, nights } = sim.createUserWithNights({ nights: 1, kind: 'normal' });
    return { url: sim.url, userId, sessionId: nights[0].sessionId, stop: () => sim.stop() };
  }
  const child = fork(join(__dirname, 'sim-process.ts'), {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, BENCH_API_KEY: API_KEY },
  });
  const [ready] = (await once(child, 'message')) as [Omit<Target, 'stop'>];
  return {
    ...ready,
    stop: async () => {
      child.disconnect();
      await once(child, 'exit');
    },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
};
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

async function main() {
  const inProcess = process.argv.includes('--in-process');
  const target = await startTarget(inProcess);
  const client = new AsleepClient({ baseUrl: target.url, apiKey: API_KEY, pool: POOL });
  const pool = new Pool(target.url, {
    connections: POOL.connections,
    keepAliveTimeout: POOL.keepAliveTimeoutMs,
  });
  const path = `/data/v3/sessions/${encodeURIComponent(target.sessionId)}`;
  const headers = { 'x-api-key': API_KEY, 'x-user-id': target.userId, timezone: TIMEZONE };

  const bare = async () => {
    const response = await pool.request({ method: 'GET', path, headers });
    if (response.statusCode !== 200)
      throw new Error(`bare request answered ${response.statusCode}`);
    return response.body.json();
  };
  const viaClient = () =>
    client.getSession(target.userId, target.sessionId, { timezone: TIMEZONE });

  for (let i = 0; i < WARMUP; i++) {
    await bare();
    await viaClient();
  }

  console.log(
    `getSession, ${CALLS} sequential calls per side per round, sim ${inProcess ? 'in process' : 'in a child process'}`,
  );
  const all = { bare: [] as number[], client: [] as number[] };
  for (let round = 1; round <= ROUNDS; round++) {
    const times = { bare: [] as number[], client: [] as number[] };
    // Interleaved, so drift (GC, CPU frequency, the sim's state) hits both sides alike.
    for (let i = 0; i < CALLS; i++) {
      let started = performance.now();
      await bare();
      times.bare.push(performance.now() - started);
      started = performance.now();
      await viaClient();
      times.client.push(performance.now() - started);
    }
    const [b, c] = [summary(times.bare), summary(times.client)];
    console.log(
      `round ${round}: bare median ${us(b.median)} p99 ${us(b.p99)} | client median ${us(c.median)} p99 ${us(c.p99)} | ratio median ${(c.median / b.median).toFixed(3)} p99 ${(c.p99 / b.p99).toFixed(3)}`,
    );
    all.bare.push(...times.bare);
    all.client.push(...times.client);
  }
  const [b, c] = [summary(all.bare), summary(all.client)];
  console.log(`bare undici Pool.request   median ${us(b.median)}  p99 ${us(b.p99)}`);
  console.log(`AsleepClient.getSession    median ${us(c.median)}  p99 ${us(c.p99)}`);
  console.log(
    `ratio (target <= 1.2)      median ${(c.median / b.median).toFixed(3)}  p99 ${(c.p99 / b.p99).toFixed(3)}`,
  );

  await client.close();
  await pool.close();
  await target.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
