// A1's server side (read, computation, the packed envelope's text) as it is and as it was before
// the stats were read from their stored values (`a1StatReader`) instead of a stat object of 38
// fields built per night, interleaved in one process over one connection on a store the analytics
// benchmark kept (BENCH_DATABASE_URL): turns of BENCH_TURN_CALLS calls in the order A B B A, CPU
// per call of this process and of the Postgres backend. Checks first that both give the same bytes.
import { openDatabase } from '@sleep/persistence';
import { computeAverageStats } from '@sleep/sleep-metrics';
import { statOfA1 } from '../src/rpc/a1-stat';
import { a1StatReader } from '../src/rpc/a1-stat-reader';
import {
  type A1Night,
  type AverageRow,
  averageNightOf,
  FactQueries,
} from '../src/rpc/fact-queries';
import { packedSleptSession } from '../src/rpc/packed-average';
import { averageInput, benchUserOfCall } from './bench-store';
import { measureBackendCpu } from './server-cpu';
import { load } from './timed-calls';

const TURNS = Number(process.env['BENCH_TURNS'] ?? 6);
const TURN_CALLS = Number(process.env['BENCH_TURN_CALLS'] ?? 500);

/** A night as read before: its stat object built from the stored values. */
const nightBefore = (row: AverageRow): A1Night => ({
  sessionId: row.session_id,
  startMs: Math.floor(row.start_ms / 1000) * 1000,
  endMs: Math.floor(row.end_ms / 1000) * 1000,
  completedTime: null,
  timezone: row.zone,
  peculiarities: [
    ...(row.never_slept ? (['NEVER_SLEPT'] as const) : []),
    ...(row.no_breathing_stability ? (['NO_BREATHING_STABILITY'] as const) : []),
  ],
  stat: statOfA1(row.a1_stat),
  statValues: Array.isArray(row.a1_stat) ? row.a1_stat : null,
});

async function main() {
  const url = process.env['BENCH_DATABASE_URL'];
  if (!url) throw new Error('BENCH_DATABASE_URL: a store the analytics benchmark kept');
  const database = await openDatabase({ url, schema: 'analytics', poolSize: 1 });
  const queries = new FactQueries(database);
  const request = (i: number) => {
    const input = averageInput(benchUserOfCall(i));
    return {
      input,
      request: { startDate: input.start_date, endDate: input.end_date, timezone: input.timezone },
    };
  };
  const envelope = (nights: A1Night[], i: number, reader?: typeof a1StatReader) =>
    JSON.stringify({
      result: {
        data: computeAverageStats(nights, request(i).request, packedSleptSession, reader),
      },
    });
  const rowsOf = (input: ReturnType<typeof averageInput>) =>
    queries.aroundStartDates(input.tenantId, input.userId, input.start_date, input.end_date);
  const sides = {
    before: async (i: number) => envelope((await rowsOf(request(i).input)).map(nightBefore), i),
    now: async (i: number) =>
      envelope((await rowsOf(request(i).input)).map(averageNightOf), i, a1StatReader),
  };
  for (let i = 0; i < 50; i++)
    if ((await sides.before(i)) !== (await sides.now(i)))
      throw new Error(`call ${i}: the answers differ`);
  const totals = { before: { node: 0, postgres: 0 }, now: { node: 0, postgres: 0 } };
  for (let turn = 0; turn < TURNS; turn++) {
    const order = (
      turn % 2 === 0 ? ['before', 'now'] : ['now', 'before']
    ) as (keyof typeof sides)[];
    for (const side of order) {
      const call = sides[side];
      for (let i = 0; i < 30; i++) await call(i);
      const postgres = await measureBackendCpu(database);
      const started = process.cpuUsage();
      for (let i = 0; i < TURN_CALLS; i++) await call(turn * TURN_CALLS + i);
      const used = process.cpuUsage(started);
      const node = (used.user + used.system) / 1000 / TURN_CALLS;
      const pg = (await postgres()) / TURN_CALLS;
      totals[side].node += node;
      totals[side].postgres += pg;
      console.log(
        `turn ${turn} ${side.padEnd(6)} node ${node.toFixed(3)} ms/call, postgres ${pg.toFixed(3)} ms/call (${load()})`,
      );
    }
  }
  for (const side of ['before', 'now'] as const)
    console.log(
      `${side.padEnd(6)} mean node ${(totals[side].node / TURNS).toFixed(3)} ms/call, postgres ${(totals[side].postgres / TURNS).toFixed(3)} ms/call`,
    );
  await database.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
