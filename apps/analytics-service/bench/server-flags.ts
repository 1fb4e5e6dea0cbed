// The RPC server's V8 flags compared, interleaved: the deployment's flags and others
// (`BENCH_FLAGS_B`, space-separated) or another checkout's server code (`BENCH_CHECKOUT_B`), each
// in a server process of its own started in turns
// (A, B, B, A, ...) on a store the analytics benchmark kept (BENCH_DATABASE_URL). Per turn and read
// (`average` over 100 days, `score` of one night, through the gateway's client): latency p50 and
// p99, CPU per call of the client, the server process (all its threads) and its main thread, and
// the Postgres backends; the server's GC pauses. The machine is shared: read CPU per call first, latencies second.
import { createAnalyticsClient, unpackAverage } from '@sleep/analytics-rpc';
import { openDatabase } from '@sleep/persistence';
import type { GcPause } from './rpc-server-messages';
import { DEPLOYED_NODE_FLAGS, startRpcServerProcess } from './rpc-server-process';
import { measureBackendCpu, processCpuMs } from './server-cpu';
import { load, p } from './timed-calls';
import { averageInput, benchUserOfCall } from './bench-store';

const TURNS = Number(process.env['BENCH_TURNS'] ?? 4);
const AVERAGE_CALLS = Number(process.env['BENCH_AVERAGE_CALLS'] ?? 1_000);
const SCORE_CALLS = Number(process.env['BENCH_SCORE_CALLS'] ?? 3_000);
/** B's server from another checkout (its root): the same flags, other code, unless BENCH_FLAGS_B. */
const CHECKOUT_B = process.env['BENCH_CHECKOUT_B'];
const VARIANTS: Record<string, string[]> = {
  A: DEPLOYED_NODE_FLAGS,
  B:
    process.env['BENCH_FLAGS_B'] === undefined && CHECKOUT_B
      ? DEPLOYED_NODE_FLAGS
      : (process.env['BENCH_FLAGS_B'] ?? '').split(/\s+/).filter(Boolean),
};

async function main() {
  const url = process.env['BENCH_DATABASE_URL'];
  if (!url) throw new Error('BENCH_DATABASE_URL: a store the analytics benchmark kept');
  const database = await openDatabase({ url, schema: 'analytics', poolSize: 1 });
  const rows: string[] = [];
  let offset = 0;
  try {
    for (let turn = 0; turn < TURNS * 2; turn++) {
      // A B B A A B B A ...: neither variant always runs first.
      const name = ['A', 'B', 'B', 'A'][turn % 4];
      const server = await startRpcServerProcess(
        url,
        VARIANTS[name],
        name === 'B' ? CHECKOUT_B : undefined,
      );
      const gateway = createAnalyticsClient({
        baseUrl: server.url,
        headers: async () => ({ 'x-caller': 'gateway' }),
      });
      const reads = {
        average: async (i: number) =>
          unpackAverage(await gateway.query('averagePackedV2', averageInput(benchUserOfCall(i)))),
        score: (i: number) =>
          gateway.query('score', {
            tenantId: 'bench',
            userId: benchUserOfCall(i),
            sessionId: `s${i % 100}`,
          }),
      };
      try {
        for (const [read, count] of [
          ['average', AVERAGE_CALLS],
          ['score', SCORE_CALLS],
        ] as const) {
          for (let i = 0; i < 200; i++) await reads[read](offset + i);
          offset += 200;
          const postgres = await measureBackendCpu(database);
          await server.gcPauses();
          const serverBefore = processCpuMs(server.pid);
          const clientBefore = process.cpuUsage();
          const ms: number[] = [];
          for (let i = 0; i < count; i++) {
            const t = performance.now();
            await reads[read](offset + i);
            ms.push(performance.now() - t);
          }
          offset += count;
          const client = process.cpuUsage(clientBefore);
          const serverAfter = processCpuMs(server.pid);
          const pg = await postgres();
          const pauses = gcPauseFigures(await server.gcPauses(), count);
          ms.sort((a, b) => a - b);
          const row =
            `${read.padEnd(7)} ${name}: p50 ${p(ms, 0.5).toFixed(2)} p99 ${p(ms, 0.99).toFixed(2)} ms; CPU/call client ${((client.user + client.system) / 1000 / count).toFixed(3)}` +
            `, server ${((serverAfter[0] - serverBefore[0]) / count).toFixed(3)} (main ${((serverAfter[1] - serverBefore[1]) / count).toFixed(3)})` +
            `, postgres ${(pg / count).toFixed(3)} ms; server GC ${pauses} (${load()})`;
          console.log(row);
          rows.push(row);
        }
      } finally {
        await gateway.close();
        await server.close();
      }
    }
  } finally {
    await database.close();
  }
  console.log(
    `\nA: ${VARIANTS.A.join(' ')}\nB: ${VARIANTS.B.join(' ')}${CHECKOUT_B ? ` (server of ${CHECKOUT_B})` : ''}`,
  );
  for (const read of ['average', 'score'])
    for (const name of ['A', 'B'])
      for (const row of rows.filter((r) => r.startsWith(`${read.padEnd(7)} ${name}:`)))
        console.log(row);
}

/** The server's pauses over a turn: how many per 100 calls, their median and longest. */
function gcPauseFigures(pauses: readonly GcPause[], calls: number) {
  const lengths = pauses.map((g) => g.end - g.start).sort((a, b) => a - b);
  if (lengths.length === 0) return 'none';
  return `${((lengths.length / calls) * 100).toFixed(1)} per 100 calls, p50 ${p(lengths, 0.5).toFixed(2)} max ${lengths[lengths.length - 1].toFixed(2)} ms`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
