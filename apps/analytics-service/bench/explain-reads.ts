import type { AnyDatabaseHandle } from '@sleep/persistence';
import type { ReportBuilder } from '../src/reports/report-builder';
import { AnalyticsRpcServiceImpl } from '../src/rpc/analytics-rpc.service';

/** `BENCH_EXPLAIN=1`: the plans and timings of the statements `average` and `score` run. */
export async function explain(
  database: AnyDatabaseHandle,
  reports: ReportBuilder,
  average: Parameters<AnalyticsRpcServiceImpl['average']>[0],
  score: Parameters<AnalyticsRpcServiceImpl['score']>[0],
) {
  const statements: { text: string; params?: unknown[] }[] = [];
  const recording: AnyDatabaseHandle = {
    ...database,
    query: (text, params) => {
      statements.push({ text, params });
      return database.query(text, params);
    },
  };
  const service = new AnalyticsRpcServiceImpl(recording, reports, {
    completenessDeadlineHours: 18,
  });
  await service.average(average);
  await service.score(score);
  for (const { text, params } of statements) {
    const plan = await database.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers) ${text}`,
      params,
    );
    console.log(`${text.replace(/\s+/g, ' ').slice(0, 160)}...`);
    for (const row of plan) console.log(`  ${row['QUERY PLAN']}`);
  }
}
