// `average` as sent before (`average`: every slept session with its key names) and packed
// (`averagePackedV2`, unpacked by the gateway's client), interleaved on one RPC server process (the
// deployment's flags) over a store the analytics benchmark kept (BENCH_DATABASE_URL): turns of
// BENCH_TURN_CALLS calls, old and new in the order A B B A, per side the CPU per call of the client
// (this process), the server process (all threads) and the Postgres backends, and latencies.
// Checks first that both give the same bytes for the users read.
import { createAnalyticsClient, unpackAverage } from '@sleep/analytics-rpc';
import { openDatabase } from '@sleep/persistence';
import { startRpcServerProcess } from './rpc-server-process';
import { measureBackendCpu, processCpuMs } from './server-cpu';
import { load, p } from './timed-calls';
import { averageInput, benchUserOfCall } from './bench-store';

const TURNS = Number(process.env['BENCH_TURNS'] ?? 20);
const TURN_CALLS = Number(process.env['BENCH_TURN_CALLS'] ?? 100);

async function main() {
  const url = process.env['BENCH_DATABASE_URL'];
  if (!url) throw new Error('BENCH_DATABASE_URL: a store the analytics benchmark kept');
  const database = await openDatabase({ url, schema: 'analytics', poolSize: 1 });
  const server = await startRpcServerProcess(url);
  const gateway = createAnalyticsClient({
    baseUrl: server.url,
    headers: async () => ({ 'x-caller': 'gateway' }),
  });
  const query = (i: number) => averageInput(benchUserOfCall(i));
  const variants = {
    whole: (i: number) => gateway.client.average.query(query(i)),
    packed: async (i: number) =>
      unpackAverage(await gateway.client.averagePackedV2.query(query(i))),
  };
  type Name = keyof typeof variants;
  const totals = Object.fromEntries(
    (Object.keys(variants) as Name[]).map((name) => [
      name,
      { ms: [] as number[], client: 0, server: 0, postgres: 0, calls: 0 },
    ]),
  ) as Record<
    Name,
    { ms: number[]; client: number; server: number; postgres: number; calls: number }
  >;
  try {
    for (let i = 0; i < 200; i++) {
      const [whole, packed] = [await variants.whole(i), await variants.packed(i)];
      if (JSON.stringify(whole) !== JSON.stringify(packed))
        throw new Error(`the packed answer differs for ${benchUserOfCall(i)}`);
    }
    console.log(`200 users: the same bytes both ways (${load()})`);
    let offset = 200;
    for (let turn = 0; turn < TURNS * 2; turn++) {
      const name: Name = (['whole', 'packed', 'packed', 'whole'] as const)[turn % 4];
      const total = totals[name];
      const postgres = await measureBackendCpu(database);
      const serverBefore = processCpuMs(server.pid)[0];
      const clientBefore = process.cpuUsage();
      for (let i = 0; i < TURN_CALLS; i++) {
        const t = performance.now();
        await variants[name](offset + i);
        total.ms.push(performance.now() - t);
      }
      const client = process.cpuUsage(clientBefore);
      total.client += (client.user + client.system) / 1000;
      total.server += processCpuMs(server.pid)[0] - serverBefore;
      total.postgres += await postgres();
      total.calls += TURN_CALLS;
      offset += TURN_CALLS;
    }
    for (const name of Object.keys(totals) as Name[]) {
      const t = totals[name];
      const sorted = [...t.ms].sort((a, b) => a - b);
      console.log(
        `average ${name.padEnd(6)}: n=${t.calls} p50 ${p(sorted, 0.5).toFixed(2)} p99 ${p(sorted, 0.99).toFixed(2)} ms; CPU/call client ${(t.client / t.calls).toFixed(3)}, server ${(t.server / t.calls).toFixed(3)}, postgres ${(t.postgres / t.calls).toFixed(3)} ms (${load()})`,
      );
    }
  } finally {
    await gateway.close();
    await server.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
