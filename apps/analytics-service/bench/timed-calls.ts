// Timing of repeated calls for the analytics benchmarks: latency percentiles, CPU per call and the
// garbage collection that overlapped the slowest calls.
import { loadavg } from 'node:os';
import { constants, PerformanceObserver } from 'node:perf_hooks';

export const p = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
/** The machine is shared: every figure says how busy it was (1-minute load average). */
export const load = () => `load ${loadavg()[0].toFixed(1)}`;
/**
 * Latencies of the calls, this process's CPU per call (and that of other processes taking part,
 * when readers of theirs are given), and this process's garbage collection: pause time per call, and how many of the slowest 1% of calls had a pause.
 */
export interface Timings {
  ms: number[];
  /** When each call started, ms since the epoch (comparable with another process's clock). */
  startedAt: number[];
  cpuMsPerCall: number;
  /** CPU per call of the other processes taking part (the RPC server, Postgres), by name. */
  sideCpuMsPerCall: Record<string, number>;
  gc: { pauseMsPerCall: number; majorPauses: number; slowestWithPause: number };
}
/** CPU meters of other processes, by name: each starts measuring and returns how to read the ms used since. */
export type CpuMeters = Record<string, () => Promise<() => Promise<number>>>;

export const figures = (label: string, { ms, cpuMsPerCall, sideCpuMsPerCall, gc }: Timings) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const slowest = Math.ceil(sorted.length / 100);
  const sides = Object.entries(sideCpuMsPerCall)
    .map(([name, perCall]) => `, ${name} ${perCall.toFixed(3)} ms/call`)
    .join('');
  console.log(
    `${label}: n=${sorted.length} p50=${p(sorted, 0.5).toFixed(2)} ms p95=${p(sorted, 0.95).toFixed(2)} ms p99=${p(sorted, 0.99).toFixed(2)} ms max=${sorted.at(-1)?.toFixed(2)} ms, CPU this process ${cpuMsPerCall.toFixed(3)} ms/call${sides}, GC pauses ${gc.pauseMsPerCall.toFixed(3)} ms/call (${gc.majorPauses} major; ${gc.slowestWithPause} of the slowest ${slowest} calls had one) (${load()})`,
  );
  return { p50: p(sorted, 0.5), p99: p(sorted, 0.99) };
};
/** Same-run ratio of two figures: what the RPC hop adds to the same work done in-process. */
export const ratio = (
  label: string,
  rpc: { p50: number; p99: number },
  local: { p50: number; p99: number },
) =>
  console.log(
    `${label}: RPC / in-process p50 ${(rpc.p50 / local.p50).toFixed(2)}x, p99 ${(rpc.p99 / local.p99).toFixed(2)}x`,
  );

/**
 * Another process's GC pauses against the calls: pause time per call, and how many of the
 * slowest 1% of calls overlapped one (times since the epoch on both sides).
 */
export function pausesDuring(
  label: string,
  { ms, startedAt }: Pick<Timings, 'ms' | 'startedAt'>,
  pauses: readonly { start: number; end: number; major: boolean }[],
) {
  const first = startedAt[0];
  const last = startedAt[startedAt.length - 1] + ms[ms.length - 1];
  const during = pauses.filter((g) => g.end > first && g.start < last);
  const slowest = Math.ceil(ms.length / 100);
  const threshold = [...ms].sort((a, b) => a - b)[ms.length - slowest];
  let slowestWithPause = 0;
  for (let i = 0; i < ms.length; i++) {
    const end = startedAt[i] + ms[i];
    if (ms[i] >= threshold && during.some((g) => g.start < end && g.end > startedAt[i]))
      slowestWithPause++;
  }
  const pauseMs = during.reduce((total, g) => total + g.end - g.start, 0);
  console.log(
    `  ${label} GC: ${during.length} pauses (${during.filter((g) => g.major).length} major), ${(pauseMs / ms.length).toFixed(3)} ms/call, longest ${Math.max(0, ...during.map((g) => g.end - g.start)).toFixed(2)} ms; ${slowestWithPause} of the slowest ${slowest} calls had one`,
  );
}

export const timed = async (
  count: number,
  call: (i: number) => Promise<unknown>,
  sides: CpuMeters = {},
): Promise<Timings> => {
  for (let i = 0; i < 50; i++) await call(i); // warm-up
  const ms: number[] = [];
  const started: number[] = [];
  const pauses: { start: number; end: number; major: boolean }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      const major =
        kind === constants.NODE_PERFORMANCE_GC_MAJOR ||
        kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL;
      pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration, major });
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const sideMeters = await startAll(sides);
  // CPU time barely depends on how busy the machine is: the figure to compare across runs here.
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await call(i);
    started.push(t);
    ms.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  const sidesUsed = await readAll(sideMeters);
  // GC entries are delivered asynchronously: let the last ones arrive before reading them.
  await new Promise((resolve) => setImmediate(resolve));
  gcObserver.disconnect();
  const threshold = [...ms].sort((a, b) => a - b)[Math.floor(0.99 * count)];
  let slowestWithPause = 0;
  for (let i = 0; i < count; i++) {
    const end = started[i] + ms[i];
    if (ms[i] >= threshold && pauses.some((g) => g.start < end && g.end > started[i]))
      slowestWithPause++;
  }
  return {
    ms,
    startedAt: started.map((t) => performance.timeOrigin + t),
    cpuMsPerCall: (used.user + used.system) / 1000 / count,
    sideCpuMsPerCall: Object.fromEntries(
      Object.entries(sidesUsed).map(([name, ms]) => [name, ms / count]),
    ),
    gc: {
      pauseMsPerCall: pauses.reduce((total, g) => total + g.end - g.start, 0) / count,
      majorPauses: pauses.filter((g) => g.major).length,
      slowestWithPause,
    },
  };
};

async function startAll(meters: CpuMeters) {
  return Promise.all(
    Object.entries(meters).map(async ([name, start]) => [name, await start()] as const),
  );
}

async function readAll(
  started: Awaited<ReturnType<typeof startAll>>,
): Promise<Record<string, number>> {
  return Object.fromEntries(
    await Promise.all(started.map(async ([name, read]) => [name, await read()] as const)),
  );
}
