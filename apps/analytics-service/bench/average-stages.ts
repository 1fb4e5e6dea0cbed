// Where the CPU of one A1 answer goes on the server and on the client, stage by stage, over a
// store the analytics benchmark kept (BENCH_KEEP_DATABASE=1, then BENCH_DATABASE_URL=<it>):
// the read (driver row parsing, with and without parsing the stat), the computation, the
// envelope's serialisation and the client's parse of it; the packed answer made from the
// unpacked one or as it is built. CPU of this process per call, and the heap it allocates per
// call when run with `--expose-gc` and young generations larger than 40 calls allocate
// (`--min-semi-space-size=128 --max-semi-space-size=128`): no collection in between.
import { packAverage } from '@sleep/analytics-rpc';
import { openDatabase } from '@sleep/persistence';
import { addDays, computeAverageStats } from '@sleep/sleep-metrics';
import {
  AVERAGE_STATEMENT,
  type AverageRow,
  averageNightOf,
  FactQueries,
} from '../src/rpc/fact-queries';
import { packedSleptSession } from '../src/rpc/packed-average';
import { load } from './timed-calls';
import { benchUserOfCall } from './bench-store';

const CALLS = Number(process.env['BENCH_STAGE_CALLS'] ?? 300);
const ROUNDS = Number(process.env['BENCH_STAGE_ROUNDS'] ?? 2);

/** The heap 40 calls allocate (what they keep and what they drop), per call; '' without `gc`. */
async function allocated(run: (i: number) => unknown): Promise<string> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return '';
  const CALLS = 40;
  const kept: unknown[] = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < CALLS; i++) kept.push(await run(i));
  const kB = (process.memoryUsage().heapUsed - before) / CALLS / 1024;
  return `, ${kB.toFixed(0)} kB allocated/call`;
}

async function main() {
  const url = process.env['BENCH_DATABASE_URL'];
  if (!url) throw new Error('BENCH_DATABASE_URL: a store the analytics benchmark kept');
  const database = await openDatabase({ url, schema: 'analytics', poolSize: 1 });
  const queries = new FactQueries(database);
  const user = (i: number) => benchUserOfCall(i);
  const request = { startDate: '2025-01-01', endDate: '2025-04-10', timezone: 'Asia/Seoul' };
  const args = (i: number) => [
    'bench',
    user(i),
    addDays(request.startDate, -2),
    addDays(request.endDate, 2),
  ];
  const textStatement = AVERAGE_STATEMENT.replace('a1_stat', 'a1_stat::text as a1_stat');
  const cpu = async (label: string, run: (i: number) => unknown) => {
    for (let i = 0; i < 30; i++) await run(i);
    const started = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) await run(i);
    const used = process.cpuUsage(started);
    const perCall = (used.user + used.system) / 1000 / CALLS;
    console.log(`${label.padEnd(44)} ${perCall.toFixed(3)} ms/call${await allocated(run)}`);
    return perCall;
  };
  const rowsOf = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      queries.aroundStartDates('bench', user(i), request.startDate, request.endDate),
    ),
  );
  const answers = rowsOf.map((rows) => computeAverageStats(rows.map(averageNightOf), request));
  const envelopes = answers.map((data) => JSON.stringify({ result: { data } }));
  console.log(`answer ${envelopes[0].length} bytes, ${rowsOf[0].length} rows (${load()})`);
  for (let round = 0; round < ROUNDS; round++) {
    await cpu('read (stat parsed by the driver)', (i) =>
      queries.aroundStartDates('bench', user(i), request.startDate, request.endDate),
    );
    await cpu('read (stat as text)', (i) =>
      database.query<AverageRow>(textStatement, args(i), { name: 'average_stat_text' }),
    );
    await cpu('computeAverageStats', (i) =>
      computeAverageStats(rowsOf[i % 50].map(averageNightOf), request),
    );
    await cpu('JSON.stringify of the envelope', (i) =>
      JSON.stringify({ result: { data: answers[i % 50] } }),
    );
    await cpu('answer, packed after, stringified', (i) =>
      JSON.stringify({
        result: {
          data: packAverage(computeAverageStats(rowsOf[i % 50].map(averageNightOf), request)),
        },
      }),
    );
    await cpu('answer packed as built, stringified', (i) =>
      JSON.stringify({
        result: {
          data: computeAverageStats(
            rowsOf[i % 50].map(averageNightOf),
            request,
            packedSleptSession,
          ),
        },
      }),
    );
    await cpu('JSON.parse of the envelope (client)', (i) => JSON.parse(envelopes[i % 50]));
  }
  await database.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
