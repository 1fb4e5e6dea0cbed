// A1's computation alone (no database): the rows of BENCH_USERS users read once from a store the
// analytics benchmark kept (BENCH_DATABASE_URL), then A1 computed and its envelope stringified
// BENCH_CALLS times; prints this process's CPU per call. Run under --cpu-prof for a profile, or
// in two checkouts in turns (A B B A) to compare them.
import { openDatabase } from '@sleep/persistence';
import { computeAverageStats } from '@sleep/sleep-metrics';
import { a1StatReader } from '../src/rpc/a1-stat-reader';
import { type AverageRow, averageNightOf, FactQueries } from '../src/rpc/fact-queries';
import { packedSleptSession } from '../src/rpc/packed-average';
import { averageInput, benchUserOfCall } from './bench-store';

const USERS = Number(process.env['BENCH_USERS'] ?? 50);
const CALLS = Number(process.env['BENCH_CALLS'] ?? 5000);

async function main() {
  const url = process.env['BENCH_DATABASE_URL'];
  if (!url) throw new Error('BENCH_DATABASE_URL: a store the analytics benchmark kept');
  const database = await openDatabase({ url, schema: 'analytics', poolSize: 1 });
  const queries = new FactQueries(database);
  const inputs = Array.from({ length: USERS }, (_, i) => averageInput(benchUserOfCall(i)));
  const rows: AverageRow[][] = [];
  for (const input of inputs)
    rows.push(
      await queries.aroundStartDates(
        input.tenantId,
        input.userId,
        input.start_date,
        input.end_date,
      ),
    );
  await database.close();
  const started = process.cpuUsage();
  let bytes = 0;
  for (let i = 0; i < CALLS; i++) {
    const input = inputs[i % USERS];
    const request = {
      startDate: input.start_date,
      endDate: input.end_date,
      timezone: input.timezone,
    };
    const data = computeAverageStats(
      rows[i % USERS].map(averageNightOf),
      request,
      packedSleptSession,
      a1StatReader,
    );
    bytes += JSON.stringify({ result: { data } }).length;
  }
  const used = process.cpuUsage(started);
  console.log(
    `${((used.user + used.system) / 1000 / CALLS).toFixed(3)} ms/call, ${bytes / CALLS} bytes`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
