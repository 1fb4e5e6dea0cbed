// What the slowest calls of a read wait on: for every call, each party's CPU and time spent
// runnable but not running (the kernel's schedstat of the client's, the RPC server's and the
// Postgres backends' main threads), the host's stolen time, the backends' reads from disk and the
// GC pauses on both Node sides. Needs a store the analytics benchmark kept (BENCH_KEEP_DATABASE=1,
// then BENCH_DATABASE_URL=<it>). Prints the slowest 1% against the middle of the distribution.
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { createAnalyticsClient, unpackAverage } from '@sleep/analytics-rpc';
import { openDatabase } from '@sleep/persistence';
import { startRpcServerProcess } from './rpc-server-process';
import { load } from './timed-calls';
import { averageInput, benchUserOfCall } from './bench-store';

const CALLS = Number(process.env['BENCH_WAIT_CALLS'] ?? 5_000);
const READ = process.env['BENCH_WAIT_READ'] ?? 'score';

/** [cpu ns, runnable-but-waiting ns] of a process's main thread so far. */
function schedstat(pid: number | 'self'): [number, number] {
  const [cpu, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ');
  return [Number(cpu), Number(wait)];
}

/** Bytes a process has had read from storage so far (page-cache hits are not counted). */
function storageReadBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/io`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('read_bytes:'));
  return Number(line?.split(' ')[1] ?? 0);
}

/** Stolen time of the host's CPUs so far, ms (USER_HZ ticks of 10 ms). */
function stealMs(): number {
  return Number(readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/)[8]) * 10;
}

interface Reading {
  client: [number, number];
  server: [number, number];
  backends: [number, number];
  diskBytes: number;
  steal: number;
}

function read(serverPid: number, backendPids: readonly number[]): Reading {
  const backends: [number, number] = [0, 0];
  let diskBytes = 0;
  for (const pid of backendPids) {
    const [cpu, wait] = schedstat(pid);
    backends[0] += cpu;
    backends[1] += wait;
    diskBytes += storageReadBytes(pid);
  }
  return {
    client: schedstat('self'),
    server: schedstat(serverPid),
    backends,
    diskBytes,
    steal: stealMs(),
  };
}

const FIELDS = [
  'client cpu',
  'client wait',
  'server cpu',
  'server wait',
  'pg cpu',
  'pg wait',
] as const;

function gcPausesOf(list: { start: number; end: number }[]) {
  return new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      const start = performance.timeOrigin + entry.startTime;
      list.push({ start, end: start + entry.duration });
    }
  });
}

async function main() {
  const url = process.env['BENCH_DATABASE_URL'];
  if (!url) throw new Error('BENCH_DATABASE_URL: a store the analytics benchmark kept');
  const database = await openDatabase({ url, schema: 'analytics', poolSize: 1 });
  // How long the backends wait for the blocks they read (the server's connections open after this).
  await database.query(
    `do $$ begin execute format('alter database %I set track_io_timing = on', current_database()); end $$`,
  );
  const server = await startRpcServerProcess(url);
  const ioTotals = async () => {
    // Statistics reach the shared counters within a second of a backend's last transaction.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const [row] = await database.query<{ reads: string; ms: number }>(
      'select blks_read as reads, blk_read_time as ms from pg_stat_database where datname = current_database()',
    );
    return { reads: Number(row.reads), ms: row.ms };
  };
  const gateway = createAnalyticsClient({
    baseUrl: server.url,
    headers: async () => ({ 'x-caller': 'gateway' }),
  });
  const user = (i: number) => benchUserOfCall(i);
  const call = (i: number) =>
    READ === 'average'
      ? gateway.query('averagePackedV2', averageInput(user(i))).then(unpackAverage)
      : gateway.query('score', {
          tenantId: 'bench',
          userId: user(i),
          sessionId: `s${i % 100}`,
        });
  try {
    for (let i = 0; i < 200; i++) await call(i);
    const own = await database.query<{ pid: number }>('select pg_backend_pid() as pid');
    const backendPids = (
      await database.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> $1',
        [own[0].pid],
      )
    ).map((row) => row.pid);
    const clientPauses: { start: number; end: number }[] = [];
    const observer = gcPausesOf(clientPauses);
    observer.observe({ entryTypes: ['gc'] });
    await server.gcPauses();
    const ioBefore = await ioTotals();
    const calls: { ms: number; start: number; parts: number[]; disk: number; steal: number }[] = [];
    for (let i = 0; i < CALLS; i++) {
      const before = read(server.pid, backendPids);
      const start = performance.now();
      await call(i);
      const ms = performance.now() - start;
      const after = read(server.pid, backendPids);
      const delta = (side: 'client' | 'server' | 'backends', k: 0 | 1) =>
        (after[side][k] - before[side][k]) / 1e6;
      calls.push({
        ms,
        start: performance.timeOrigin + start,
        parts: [
          delta('client', 0),
          delta('client', 1),
          delta('server', 0),
          delta('server', 1),
          delta('backends', 0),
          delta('backends', 1),
        ],
        disk: after.diskBytes - before.diskBytes,
        steal: after.steal - before.steal,
      });
    }
    await new Promise((resolve) => setImmediate(resolve));
    observer.disconnect();
    const ioAfter = await ioTotals();
    const blocks = ioAfter.reads - ioBefore.reads;
    const readMs = ioAfter.ms - ioBefore.ms;
    const serverPauses = await server.gcPauses();
    const overlaps = (pauses: { start: number; end: number }[], c: (typeof calls)[number]) =>
      pauses.some((g) => g.start < c.start + c.ms && g.end > c.start);
    const sorted = [...calls].sort((a, b) => a.ms - b.ms);
    const slowest = sorted.slice(-Math.ceil(CALLS / 100));
    const middle = sorted.slice(Math.floor(CALLS * 0.45), Math.ceil(CALLS * 0.55));
    const describe = (label: string, group: typeof calls) => {
      const mean = (f: (c: (typeof calls)[number]) => number) =>
        group.reduce((total, c) => total + f(c), 0) / group.length;
      const parts = FIELDS.map((name, k) => `${name} ${mean((c) => c.parts[k]).toFixed(3)}`);
      const accounted = mean((c) => c.parts.reduce((a, b) => a + b, 0));
      console.log(
        `  ${label} (n=${group.length}): latency ${mean((c) => c.ms).toFixed(3)} ms = ${parts.join(', ')}; ` +
          `not accounted ${(mean((c) => c.ms) - accounted).toFixed(3)} ms; disk reads ${mean((c) => c.disk).toFixed(0)} B/call; ` +
          `steal ${mean((c) => c.steal).toFixed(2)} ms; GC overlapped client ${group.filter((c) => overlaps(clientPauses, c)).length}, server ${group.filter((c) => overlaps(serverPauses, c)).length}`,
      );
    };
    console.log(
      `${READ}: ${CALLS} sequential calls, p50 ${middle[Math.floor(middle.length / 2)].ms.toFixed(2)} ms, p99 ${sorted[Math.floor(CALLS * 0.99)].ms.toFixed(2)} ms (${load()}); ms per call, means:`,
    );
    console.log(
      `  Postgres blocks not in shared buffers: ${(blocks / CALLS).toFixed(2)} per call, read in ${(readMs / Math.max(1, blocks)).toFixed(3)} ms each (${(readMs / CALLS).toFixed(3)} ms per call)`,
    );
    describe('slowest 1%', slowest);
    describe('p45-p55', middle);
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
