// The A1 and score reads as they were before named statements and A1's own columns (unnamed,
// whole rows), and A1's read as it was before the stored stat text (its own columns, the jsonb
// stat), against FactQueries', interleaved in one process over one connection: CPU per call of
// this process and of the Postgres backend. Needs a store the analytics benchmark kept
// (BENCH_KEEP_DATABASE=1, then BENCH_DATABASE_URL=<it>). Checks the answers are identical first.
import { openDatabase } from '@sleep/persistence';
import { computeAverageStats, addDays } from '@sleep/sleep-metrics';
import { FACT_COLUMNS } from '../src/facts/fact-row';
import {
  AVERAGE_STATEMENT,
  type AverageRow,
  averageNightOf,
  factsOf,
  FactQueries,
  type StoredRow,
} from '../src/rpc/fact-queries';
import { measureBackendCpu } from './server-cpu';
import { benchUserOfCall } from './bench-store';

const OLD_COLUMNS = `${FACT_COLUMNS}, created_timezone, slept`
  .replace('sleep_stages', 'null::bytea as sleep_stages')
  .replace('score_detail', 'null::jsonb as score_detail');

async function main() {
  const url = process.env['BENCH_DATABASE_URL'];
  if (!url) throw new Error('BENCH_DATABASE_URL: a store the analytics benchmark kept');
  const database = await openDatabase({ url, schema: 'analytics', poolSize: 1 });
  const queries = new FactQueries(database);
  const user = (i: number) => benchUserOfCall(i);
  const request = { startDate: '2025-01-01', endDate: '2025-04-10', timezone: 'Asia/Seoul' };
  const oldPath = async (i: number) => {
    const rows = await database.query<StoredRow>(
      `select ${OLD_COLUMNS} from analytics.nightly_facts
       where tenant_id = $1 and user_id = $2 and start_date between $3 and $4 order by start_at, session_id`,
      ['bench', user(i), addDays(request.startDate, -2), addDays(request.endDate, 2)],
    );
    return JSON.stringify(computeAverageStats(factsOf(rows), request));
  };
  const jsonbStatement = AVERAGE_STATEMENT.replace('a1_stat', 'stat as a1_stat');
  const jsonbPath = async (i: number) => {
    const rows = await database.query<AverageRow>(
      jsonbStatement,
      ['bench', user(i), addDays(request.startDate, -2), addDays(request.endDate, 2)],
      { name: 'average_jsonb_stat' },
    );
    return JSON.stringify(computeAverageStats(rows.map(averageNightOf), request));
  };
  const newPath = async (i: number) => {
    const rows = await queries.aroundStartDates(
      'bench',
      user(i),
      request.startDate,
      request.endDate,
    );
    return JSON.stringify(computeAverageStats(rows.map(averageNightOf), request));
  };
  const oldScore = async (i: number) =>
    database.query(
      `select sleep_day::text as sleep_day, score, score_version, score_detail from analytics.nightly_facts
       where tenant_id = $1 and user_id = $2 and session_id = $3`,
      ['bench', user(i), `s${i % 100}`],
    );
  const newScore = async (i: number) => queries.score('bench', user(i), `s${i % 100}`);
  for (let i = 0; i < 100; i++) {
    const answer = await newPath(i);
    if ((await oldPath(i)) !== answer || (await jsonbPath(i)) !== answer)
      throw new Error(`answers differ for user ${i}`);
  }
  const totals: Record<string, { node: number; pg: number; n: number }> = {};
  const run = async (
    name: string,
    fn: (i: number) => Promise<unknown>,
    n: number,
    from: number,
  ) => {
    const pg = await measureBackendCpu(database);
    const c = process.cpuUsage();
    for (let i = from; i < from + n; i++) await fn(i);
    const u = process.cpuUsage(c);
    const t = (totals[name] ??= { node: 0, pg: 0, n: 0 });
    t.node += (u.user + u.system) / 1000;
    t.pg += await pg();
    t.n += n;
  };
  const averages = [
    ['average old', oldPath],
    ['average jsonb stat', jsonbPath],
    ['average new', newPath],
  ] as const;
  const scores = [
    ['score old', oldScore],
    ['score new', newScore],
  ] as const;
  // Each turn's first read of a user finds its pages outside shared buffers, so the first path
  // of a turn pays for the others: the order rotates every turn.
  const rotated = <T>(list: readonly T[], by: number) =>
    list.map((_, k) => list[(k + by) % list.length]);
  for (let round = 0; round < 12; round++) {
    for (const [name, fn] of rotated(averages, round)) await run(name, fn, 200, round * 200);
    for (const [name, fn] of rotated(scores, round)) await run(name, fn, 500, round * 500);
  }
  for (const [name, t] of Object.entries(totals))
    console.log(
      `${name}: node ${(t.node / t.n).toFixed(3)} ms/call, postgres ${(t.pg / t.n).toFixed(3)} ms/call (n=${t.n})`,
    );
  await database.close();
}
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
