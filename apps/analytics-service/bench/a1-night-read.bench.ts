// A1's server side (read, computation, the packed envelope's text) as it is and as it was before
// the nights' peculiarities were read as two booleans, their instants with float8 arithmetic and
// kept as instants (not rendered in UTC and parsed back), interleaved in one process over one
// connection on a store the analytics benchmark kept (BENCH_DATABASE_URL): turns of
// BENCH_TURN_CALLS calls in the order A B B A, CPU per call of this process and of the Postgres
// backend. Checks first that both give the same bytes.
import type { Peculiarity } from '@sleep/contracts';
import { openDatabase } from '@sleep/persistence';
import { addDays, computeAverageStats, formatInstant } from '@sleep/sleep-metrics';
import { statOfA1 } from '../src/rpc/a1-stat';
import { type A1Night, averageNightOf, FactQueries } from '../src/rpc/fact-queries';
import { packedSleptSession } from '../src/rpc/packed-average';
import { averageInput, benchUserOfCall } from './bench-store';
import { measureBackendCpu } from './server-cpu';
import { load } from './timed-calls';

const TURNS = Number(process.env['BENCH_TURNS'] ?? 6);
const TURN_CALLS = Number(process.env['BENCH_TURN_CALLS'] ?? 500);

const BEFORE_STATEMENT = `select session_id, (extract(epoch from start_at) * 1000)::float8 as start_ms,
  (extract(epoch from end_at) * 1000)::float8 as end_ms, zone, peculiarities, a1_stat
  from analytics.nightly_facts
  where tenant_id = $1 and user_id = $2 and start_date between $3 and $4 order by start_at, session_id`;

interface BeforeRow {
  session_id: string;
  start_ms: number;
  end_ms: number;
  zone: string;
  peculiarities: Peculiarity[];
  a1_stat: readonly unknown[] | null;
}

const nightBefore = (row: BeforeRow): A1Night => ({
  sessionId: row.session_id,
  startTime: formatInstant(row.start_ms, 'UTC'),
  endTime: formatInstant(row.end_ms, 'UTC'),
  completedTime: null,
  timezone: row.zone,
  peculiarities: row.peculiarities,
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
  const envelope = (nights: A1Night[], i: number) =>
    JSON.stringify({
      result: { data: computeAverageStats(nights, request(i).request, packedSleptSession) },
    });
  const sides = {
    before: async (i: number) => {
      const { input } = request(i);
      const rows = await database.query<BeforeRow>(
        BEFORE_STATEMENT,
        [input.tenantId, input.userId, addDays(input.start_date, -2), addDays(input.end_date, 2)],
        { name: 'a1_before' },
      );
      return envelope(rows.map(nightBefore), i);
    },
    now: async (i: number) => {
      const { input } = request(i);
      const rows = await queries.aroundStartDates(
        input.tenantId,
        input.userId,
        input.start_date,
        input.end_date,
      );
      return envelope(rows.map(averageNightOf), i);
    },
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
