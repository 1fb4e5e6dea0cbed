// What made the slowest 1% of A1 calls slow, call by call, on a store the analytics benchmark
// kept (BENCH_KEEP_DATABASE=1, then BENCH_DATABASE_URL=<it>): sequential `averagePackedV2` calls
// through the gateway's client to the RPC server process. For every call, the part spent in the
// server's query (sent to rows parsed), the rest of the server's handling (request arrival to reply
// sent) and the client's part (the rest); each beyond its median is the call's excess there. And the
// GC pauses that overlapped the call, on either side. A slow call is put down to a GC pause when one
// overlapped it, else to the part with the largest excess.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { createAnalyticsClient, unpackAverage } from '@sleep/analytics-rpc';
import type { GcPause, ServerSpan } from './rpc-server-messages';
import { startRpcServerProcess } from './rpc-server-process';
import { load, p } from './timed-calls';
import { averageInput, benchUserOfCall } from './bench-store';

const CALLS = Number(process.env['BENCH_TAIL_CALLS'] ?? 3_000);
const RUNS = Number(process.env['BENCH_TAIL_RUNS'] ?? 1);

const epochNow = () => performance.timeOrigin + performance.now();

interface Call {
  start: number;
  end: number;
  query: number;
  server: number;
  client: number;
  pauses: string[];
}

const overlapping = <T extends { start: number; end: number }>(
  list: readonly T[],
  call: { start: number; end: number },
) => list.filter((x) => x.start < call.end && x.end > call.start);

async function run(url: string, tally: Map<string, number>) {
  const server = await startRpcServerProcess(url);
  const gateway = createAnalyticsClient({
    baseUrl: server.url,
    headers: async () => ({ 'x-caller': 'gateway' }),
  });
  const call = async (i: number) =>
    unpackAverage(await gateway.query('averagePackedV2', averageInput(benchUserOfCall(i))));
  const clientPauses: (GcPause & { minor: boolean })[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      const start = performance.timeOrigin + entry.startTime;
      clientPauses.push({
        start,
        end: start + entry.duration,
        major: kind === constants.NODE_PERFORMANCE_GC_MAJOR,
        minor: kind === constants.NODE_PERFORMANCE_GC_MINOR,
      });
    }
  });
  try {
    for (let i = 0; i < 200; i++) await call(i);
    await server.gcPauses();
    await server.spans();
    observer.observe({ entryTypes: ['gc'] });
    const cpu = process.cpuUsage();
    const measureServer = await server.measureCpu();
    const times: { start: number; end: number }[] = [];
    for (let i = 0; i < CALLS; i++) {
      const start = epochNow();
      await call(i);
      times.push({ start, end: epochNow() });
    }
    const used = process.cpuUsage(cpu);
    const serverMs = await measureServer();
    await new Promise((resolve) => setImmediate(resolve));
    observer.disconnect();
    const serverPauses = await server.gcPauses();
    const spans = await server.spans();
    const requests = spans.filter((s) => s.kind === 'request');
    const queries = spans.filter((s) => s.kind === 'query');
    const length = (s: { start: number; end: number }) => s.end - s.start;
    const sum = (list: readonly ServerSpan[]) => list.reduce((t, s) => t + length(s), 0);
    // A request's span ends once its reply is written, which may be after the client has it.
    const startedDuring = (list: readonly ServerSpan[], t: { start: number; end: number }) =>
      list.filter((s) => s.start >= t.start && s.start < t.end);
    const calls: Call[] = times.map((t) => {
      const request = sum(startedDuring(requests, t));
      const query = sum(startedDuring(queries, t));
      const pauses = [
        ...overlapping(clientPauses, t).map(
          (g) =>
            `client ${g.major ? 'major' : g.minor ? 'scavenge' : 'other'} ${length(g).toFixed(1)}`,
        ),
        ...overlapping(serverPauses, t).map(
          (g) => `server ${g.major ? 'major' : 'scavenge'} ${length(g).toFixed(1)}`,
        ),
      ];
      return {
        ...t,
        query,
        server: request - query,
        client: length(t) - request,
        pauses,
      };
    });
    const median = (pick: (c: Call) => number) =>
      p(
        calls.map(pick).sort((a, b) => a - b),
        0.5,
      );
    const base = {
      query: median((c) => c.query),
      server: median((c) => c.server),
      client: median((c) => c.client),
    };
    const sorted = [...calls].sort((a, b) => a.end - a.start - (b.end - b.start));
    const ms = sorted.map((c) => c.end - c.start);
    console.log(
      `${CALLS} calls: p50 ${p(ms, 0.5).toFixed(2)} ms, p99 ${p(ms, 0.99).toFixed(2)} ms; CPU per call client ${((used.user + used.system) / 1000 / CALLS).toFixed(3)} ms, server ${(serverMs / CALLS).toFixed(3)} ms; medians: query ${base.query.toFixed(2)}, server rest ${base.server.toFixed(2)}, client ${base.client.toFixed(2)} ms; GC pauses client ${clientPauses.length} (${clientPauses.filter((g) => g.major).length} major), server ${serverPauses.length} (${serverPauses.filter((g) => g.major).length} major) (${load()})`,
    );
    const slowest = sorted.slice(Math.floor(CALLS * 0.99));
    for (const c of slowest) {
      const excess = {
        query: c.query - base.query,
        server: c.server - base.server,
        client: c.client - base.client,
      };
      const largest = (Object.keys(excess) as (keyof typeof excess)[]).reduce((a, b) =>
        excess[a] >= excess[b] ? a : b,
      );
      const cause =
        c.pauses.length > 0
          ? `GC ${c.pauses.map((g) => g.split(' ').slice(0, 2).join(' ')).join(' + ')}`
          : `${largest === 'query' ? 'slow query' : `${largest}, no GC`}`;
      tally.set(cause, (tally.get(cause) ?? 0) + 1);
      console.log(
        `  ${(c.end - c.start).toFixed(2)} ms: query ${c.query.toFixed(2)} (${excess.query >= 0 ? '+' : ''}${excess.query.toFixed(2)}), server rest ${c.server.toFixed(2)} (${excess.server >= 0 ? '+' : ''}${excess.server.toFixed(2)}), client ${c.client.toFixed(2)} (${excess.client >= 0 ? '+' : ''}${excess.client.toFixed(2)}); GC: ${c.pauses.join(', ') || 'none'} => ${cause}`,
      );
    }
  } finally {
    await gateway.close();
    await server.close();
  }
}

async function main() {
  const url = process.env['BENCH_DATABASE_URL'];
  if (!url) throw new Error('BENCH_DATABASE_URL: a store the analytics benchmark kept');
  const tally = new Map<string, number>();
  for (let r = 0; r < RUNS; r++) await run(url, tally);
  console.log('slowest 1% by cause:');
  for (const [cause, n] of [...tally].sort((a, b) => b[1] - a[1])) console.log(`  ${n} ${cause}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
