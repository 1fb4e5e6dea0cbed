// Cached `sessions.get` through the whole gateway (auth, limits, usage, tRPC over HTTP) next to a
// bare Fastify route returning the same night, in the same run: requests/s, p50, p99, ratio.
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase } from '@sleep/persistence/testing';
import { cpuMicros, ensureBroker, forkWithMessage, stop } from './bench-processes';

const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Server CPU per answered request: independent of what else the machine is doing. */
  cpuMicros: number;
}

async function load(
  server: ChildProcess,
  url: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<Figures> {
  const before = await cpuMicros(server);
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
  const cpu = (await cpuMicros(server)) - before;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuMicros: cpu / Math.max(1, result.requests.total),
  };
}

const row = (name: string, f: Figures) =>
  `${name.padEnd(32)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${f.p50.toFixed(1).padStart(5)} ms   p99 ${f.p99.toFixed(1).padStart(5)} ms   ` +
  `CPU ${f.cpuMicros.toFixed(0).padStart(4)} µs/req   errors ${f.errors}`;

async function main() {
  const log = (line: string) => console.log(`› ${line}`);
  const broker = await ensureBroker(log);
  const database = await createTestDatabase('gateway_bench');
  const gateway = await forkWithMessage<{ url: string; token: string; sessionId: string }>(
    'gateway-under-test.ts',
    {
      KAFKA_BROKERS: broker.brokers,
      LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
      DATABASE_URL: process.env['DATABASE_URL'] || database.url,
    },
  );
  const bare = await forkWithMessage<{ url: string }>('bare-fastify.ts');
  try {
    const { url, token, sessionId } = gateway.message;
    const input = encodeURIComponent(JSON.stringify({ 0: { sessionId } }));
    const target = `${url}/trpc/sessions.get?batch=1&input=${input}`;
    const headers = { authorization: `Bearer ${token}` };
    // The same night both ways, and the second gateway call is served from the cache.
    const viaGateway = (await (await fetch(target, { headers })).json()) as [
      { result: { data: unknown } },
    ];
    const viaBare = await (await fetch(bare.message.url)).json();
    if (!isDeepStrictEqual(viaGateway[0].result.data, viaBare))
      throw new Error('the gateway and the bare route disagree');
    log(
      `night of ${JSON.stringify(viaBare).length} bytes; ${CONNECTIONS} connections, ${DURATION_S} s each, after a 2 s warm-up`,
    );

    await load(bare.child, bare.message.url, {}, 2);
    const bareFigures = await load(bare.child, bare.message.url, {}, DURATION_S);
    await load(gateway.child, target, headers, 2);
    const gatewayFigures = await load(gateway.child, target, headers, DURATION_S);

    console.log(row('bare Fastify route (same JSON)', bareFigures));
    console.log(row('gateway sessions.get (cached)', gatewayFigures));
    const ratio = gatewayFigures.rps / bareFigures.rps;
    const cpuRatio = bareFigures.cpuMicros / gatewayFigures.cpuMicros;
    console.log(
      `ratio gateway/bare: ${ratio.toFixed(2)} in requests/s, ${cpuRatio.toFixed(2)} in CPU per request (target ≥ 0.50)`,
    );
  } finally {
    await Promise.all([stop(gateway.child), stop(bare.child)]);
    await broker.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
