// The A1 and score reads as they were before named statements and A1's own columns (unnamed,
// whole rows) against FactQueries', interleaved in one process over one connection: CPU per call
// of this process and of the Postgres backend. Needs a store the analytics benchmark kept
// (BENCH_KEEP_DATABASE=1, then BENCH_DATABASE_URL=<it>). Checks the answers are identical first.
import { openDatabase } from '@sleep/persistence';
import { computeAverageStats, addDays } from '@sleep/sleep-metrics';
import { FACT_COLUMNS } from '../src/facts/fact-row';
import { averageNightOf, factsOf, FactQueries, type StoredRow } from '../src/rpc/fact-queries';
import { measureBackendCpu } from './server-cpu';

const OLD_COLUMNS = `${FACT_COLUMNS}, created_timezone, slept`
  .replace('sleep_stages', 'null::bytea as sleep_stages')
  .replace('score_detail', 'null::jsonb as score_detail');

async function main() {
  const url = process.env['BENCH_DATABASE_URL'];
  if (!url) throw new Error('BENCH_DATABASE_URL: a store the analytics benchmark kept');
  const database = await openDatabase({ url, schema: 'analytics', poolSize: 1 });
  const queries = new FactQueries(database);
  const user = (i: number) =>
    `G-20250301093015-Bench${String((i * 7919) % 10000).padStart(8, '0')}`;
  const request = { startDate: '2025-01-01', endDate: '2025-04-10', timezone: 'Asia/Seoul' };
  const oldPath = async (i: number) => {
    const rows = await database.query<StoredRow>(
      `select ${OLD_COLUMNS} from analytics.nightly_facts
       where tenant_id = $1 and user_id = $2 and start_date between $3 and $4 order by start_at, session_id`,
      ['bench', user(i), addDays(request.startDate, -2), addDays(request.endDate, 2)],
    );
    return JSON.stringify(computeAverageStats(factsOf(rows), request));
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
  for (let i = 0; i < 100; i++)
    if ((await oldPath(i)) !== (await newPath(i))) throw new Error(`answers differ for user ${i}`);
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
  for (let round = 0; round < 10; round++) {
    await run('average old', oldPath, 200, round * 200);
    await run('average new', newPath, 200, round * 200);
    await run('score old', oldScore, 500, round * 500);
    await run('score new', newScore, 500, round * 500);
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
