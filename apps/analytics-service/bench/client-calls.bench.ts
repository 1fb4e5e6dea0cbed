// The gateway's two hot reads through tRPC's client (`client.<path>.query`) and through
// `AnalyticsClient.query` (one GET, no tRPC client), interleaved on one RPC server process over a
// store the analytics benchmark kept (BENCH_DATABASE_URL): turns of BENCH_TURN_CALLS calls in the
// order A B B A, per side the CPU per call of this process (the gateway's side) and of the server
// process, and latencies. Checks first that both give the same answers.
import { isDeepStrictEqual } from 'node:util';
import { createAnalyticsClient } from '@sleep/analytics-rpc';
import { averageInput, BENCH_TENANT, benchUserOfCall } from './bench-store';
import { startRpcServerProcess } from './rpc-server-process';
import { load, p } from './timed-calls';

const TURNS = Number(process.env['BENCH_TURNS'] ?? 4);
const TURN_CALLS = Number(process.env['BENCH_TURN_CALLS'] ?? 1_000);

async function main() {
  const url = process.env['BENCH_DATABASE_URL'];
  if (!url) throw new Error('BENCH_DATABASE_URL: a store the analytics benchmark kept');
  const server = await startRpcServerProcess(url);
  const analytics = createAnalyticsClient({
    baseUrl: server.url,
    headers: async () => ({ 'x-caller': 'gateway' }),
  });
  const scoreOf = (i: number) => ({
    tenantId: BENCH_TENANT,
    userId: benchUserOfCall(i),
    sessionId: `s${i % 100}`,
  });
  const reads = {
    average: {
      trpc: (i: number) => analytics.client.averagePackedV2.query(averageInput(benchUserOfCall(i))),
      query: (i: number) => analytics.query('averagePackedV2', averageInput(benchUserOfCall(i))),
    },
    score: {
      trpc: (i: number) => analytics.client.score.query(scoreOf(i)),
      query: (i: number) => analytics.query('score', scoreOf(i)),
    },
  };
  try {
    for (const [read, sides] of Object.entries(reads)) {
      for (let i = 0; i < 20; i++)
        if (!isDeepStrictEqual(await sides.trpc(i), await sides.query(i)))
          throw new Error(`${read}: the answers differ for call ${i}`);
      const totals = {
        trpc: { client: 0, server: 0, ms: [] as number[] },
        query: { client: 0, server: 0, ms: [] as number[] },
      };
      for (let turn = 0; turn < TURNS; turn++) {
        for (const side of (turn % 2 === 0 ? ['trpc', 'query'] : ['query', 'trpc']) as (
          | 'trpc'
          | 'query'
        )[]) {
          const call = sides[side];
          for (let i = 0; i < 50; i++) await call(i);
          const serverCpu = await server.measureCpu();
          const started = process.cpuUsage();
          const ms: number[] = [];
          for (let i = 0; i < TURN_CALLS; i++) {
            const at = performance.now();
            await call(turn * TURN_CALLS + i);
            ms.push(performance.now() - at);
          }
          const used = process.cpuUsage(started);
          const client = (used.user + used.system) / 1000 / TURN_CALLS;
          const serverMs = (await serverCpu()) / TURN_CALLS;
          ms.sort((a, b) => a - b);
          totals[side].client += client;
          totals[side].server += serverMs;
          totals[side].ms.push(...ms);
          console.log(
            `${read} turn ${turn} ${side.padEnd(5)} client ${client.toFixed(3)} ms/call, server ${serverMs.toFixed(3)} ms/call, p50 ${p(ms, 0.5).toFixed(2)} p99 ${p(ms, 0.99).toFixed(2)} ms (${load()})`,
          );
        }
      }
      for (const side of ['trpc', 'query'] as const) {
        const t = totals[side];
        t.ms.sort((a, b) => a - b);
        console.log(
          `${read} ${side.padEnd(5)} mean client ${(t.client / TURNS).toFixed(3)} ms/call, server ${(t.server / TURNS).toFixed(3)} ms/call, p50 ${p(t.ms, 0.5).toFixed(2)} p99 ${p(t.ms, 0.99).toFixed(2)} ms`,
        );
      }
    }
  } finally {
    await analytics.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
