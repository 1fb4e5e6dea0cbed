// analytics-service benchmark: 1,000,000 stored nights (10,000 users x 100), read through the RPC
// over HTTP; weekly reports for 10,000 users; rebuild rate. Prints figures, asserts nothing.
import { join } from 'node:path';
import {
  ANALYTICS_RPC_PREFIX,
  type AnalyticsRouter,
  createAnalyticsRouter,
  createRpcFetch,
  registerRpcRoute,
} from '@sleep/analytics-rpc';
import type { BatchingProducer } from '@sleep/messaging';
import { type AnyDatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase } from '@sleep/persistence/testing';
import type { CompletedNight } from '@sleep/session-rpc';
import { createTRPCClient, httpLink } from '@trpc/client';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { encodeStages } from '../src/facts/nightly-fact';
import { AnalyticsMetrics } from '../src/observability/analytics.metrics';
import { rebuild } from '../src/rebuild/rebuild';
import { ReportBuilder } from '../src/reports/report-builder';
import { AnalyticsRpcServiceImpl } from '../src/rpc/analytics-rpc.service';
import { sleepData } from '../src/testing/session-events';
import { serverCpuMs } from './server-cpu';
import { figures, load, ratio, timed } from './timed-calls';

const USERS = Number(process.env['BENCH_USERS'] ?? 10_000);
/** Which parts to run (comma-separated); all by default. The store is loaded only when needed. */
const PHASES = new Set(
  (process.env['BENCH_PHASES'] ?? 'average,score,reports,rebuild').split(',').map((s) => s.trim()),
);
const NIGHTS = 100;
const TENANT = 'bench';
const userId = (i: number) => `G-20250301093015-Bench${String(i).padStart(8, '0')}`;

/** The four targets, each with this run's figure: printed together at the end. */
const targets: { what: string; figure: string; target: string; met: boolean }[] = [];
const recordTarget = (what: string, figure: string, goal: string, met: boolean) =>
  targets.push({ what, figure: `${figure} (${load()})`, target: goal, met });

function printTargets() {
  if (targets.length === 0) return;
  const full = USERS === 10_000;
  const scale = full ? '' : `; this run stored ${USERS * NIGHTS}, so nothing is judged`;
  console.log(`\ntargets (1,000,000 nights stored: 10,000 users x 100${scale}):`);
  const width = Math.max(...targets.map((t) => t.what.length));
  for (const t of targets) {
    const verdict = full ? (t.met ? ': met' : ': NOT met') : '';
    console.log(`  ${t.what.padEnd(width)}  ${t.figure}  target ${t.target}${verdict}`);
  }
}

async function main() {
  const target = await createTestDatabase('analytics_bench');
  // The bulk load of a million rows outlasts the services' 30 s statement timeout on a busy host.
  const database = await openDatabase({
    url: target.url,
    schema: 'analytics',
    poolSize: 8,
    statementTimeoutMs: 600_000,
  });
  try {
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../src/migrations') });
    console.log(`phases: ${[...PHASES].join(', ')} (${load()})`);
    if (PHASES.has('average') || PHASES.has('score') || PHASES.has('reports'))
      await loadStore(database);
    const metrics = new AnalyticsMetrics(new Registry());
    // Nothing is announced in the benchmark, so no producer is needed.
    const reports = new ReportBuilder(database, {} as BatchingProducer, metrics);
    reports.announce = false;
    if (PHASES.has('average') || PHASES.has('score')) await reads(database, reports);
    if (PHASES.has('reports')) await weeklyReports(reports);
    if (PHASES.has('rebuild')) await rebuildRate(database, reports, metrics);
    printTargets();
  } finally {
    await database.close();
    await target.drop();
  }
}

/** Bulk: one server-side insert per 1,000 users (generate_series), from one sample night shifted by day. */
async function loadStore(database: AnyDatabaseHandle) {
  const sample = sleepData({ start: '2025-01-01T14:00:00Z' });
  const stages = encodeStages(sample.session.sleep_stages);

  const started = performance.now();
  for (let from = 0; from < USERS; from += 1_000) {
    await database.query(
      `insert into analytics.nightly_facts (tenant_id, user_id, session_id, version, start_at, end_at,
         created_timezone, zone, peculiarities, missing_data_ratio, stat, slept, sleep_stages, start_date,
         sleep_day, is_nap, is_main_sleep, score, score_version, score_detail)
       select $1, 'G-20250301093015-Bench' || lpad(u::text, 8, '0'), 's' || n, 1,
              $2::timestamptz + n * interval '1 day', $3::timestamptz + n * interval '1 day',
              'Asia/Seoul', 'Asia/Seoul', '{NO_BREATHING_STABILITY}', 0,
              jsonb_set(jsonb_set($4::jsonb, '{sleep_time}', to_jsonb(to_char(($5::timestamptz + n * interval '1 day') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))),
                        '{wake_time}', to_jsonb(to_char(($6::timestamptz + n * interval '1 day') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))),
              true, $7, ('2025-01-01'::date + n), ('2025-01-02'::date + n), false, true, 80, 'sleep-score-1',
              '{"contributors": []}'::jsonb
       from generate_series($8::int, $9::int) u, generate_series(0, ${NIGHTS - 1}) n`,
      [
        TENANT,
        sample.session.start_time,
        sample.session.end_time,
        JSON.stringify(sample.stat),
        sample.stat?.sleep_time,
        sample.stat?.wake_time,
        stages,
        from,
        Math.min(from + 999, USERS - 1),
      ],
    );
  }
  await database.query('analyze analytics.nightly_facts');
  const loadS = (performance.now() - started) / 1000;
  console.log(
    `stored ${USERS * NIGHTS} nights (${USERS} users x ${NIGHTS}) in ${loadS.toFixed(1)} s (${load()})`,
  );
}

const pick = (i: number) => userId((i * 7919) % USERS);

/**
 * `average` and `score` through the RPC over HTTP (a keep-alive connection, as the gateway's
 * client), then the same calls on the service in-process: the difference is the RPC hop.
 */
async function reads(database: AnyDatabaseHandle, reports: ReportBuilder) {
  const service = new AnalyticsRpcServiceImpl(database, reports, { completenessDeadlineHours: 18 });
  const app = Fastify();
  // The service's own route (as `AnalyticsRpcMount` registers it), without the token check.
  registerRpcRoute(app, {
    prefix: ANALYTICS_RPC_PREFIX,
    router: createAnalyticsRouter(service),
    createContext: () => ({}),
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const endpoint = `${url}${ANALYTICS_RPC_PREFIX}`;
  // The gateway's client: tRPC over a keep-alive undici pool. The global fetch is its peer.
  const pool = createRpcFetch(url);
  const rpc = createTRPCClient<AnalyticsRouter>({
    links: [httpLink({ url: endpoint, fetch: pool.fetch })],
  });
  const overFetch = createTRPCClient<AnalyticsRouter>({ links: [httpLink({ url: endpoint })] });
  const averageOf = (i: number) => ({
    tenantId: TENANT,
    userId: pick(i),
    start_date: '2025-01-01',
    end_date: '2025-04-10',
    timezone: 'Asia/Seoul',
  });
  const scoreOf = (i: number) => ({
    tenantId: TENANT,
    userId: pick(i),
    sessionId: `s${i % NIGHTS}`,
  });
  if (process.env['BENCH_EXPLAIN']) await explain(database, reports, averageOf(0), scoreOf(0));
  if (PHASES.has('average')) {
    const pooled = figures(
      'average over 100 days (RPC, HTTP keep-alive pool)',
      await timed(2_000, (i) => rpc.average.query(averageOf(i))),
    );
    const fetched = figures(
      'average over 100 days (RPC, HTTP global fetch)',
      await timed(2_000, (i) => overFetch.average.query(averageOf(i))),
    );
    const local = figures(
      'average over 100 days (in-process)',
      await timed(2_000, (i) => service.average(averageOf(i))),
    );
    recordTarget(
      'average over 100 days, RPC p99',
      `${pooled.p99.toFixed(2)} ms`,
      '<= 5 ms',
      pooled.p99 <= 5,
    );
    ratio('average, pool', pooled, local);
    ratio('average, global fetch', fetched, local);
  }
  if (PHASES.has('score')) {
    const pooled = figures(
      'score of one night (RPC, HTTP keep-alive pool)',
      await timed(5_000, (i) => rpc.score.query(scoreOf(i))),
    );
    const fetched = figures(
      'score of one night (RPC, HTTP global fetch)',
      await timed(5_000, (i) => overFetch.score.query(scoreOf(i))),
    );
    const local = figures(
      'score of one night (in-process)',
      await timed(5_000, (i) => service.score(scoreOf(i))),
    );
    recordTarget(
      'score of one night, RPC p99',
      `${pooled.p99.toFixed(2)} ms`,
      '<= 2 ms',
      pooled.p99 <= 2,
    );
    ratio('score, pool', pooled, local);
    ratio('score, global fetch', fetched, local);
  }
  await pool.close();
  await app.close();
}

/** `BENCH_EXPLAIN=1`: the plans and timings of the statements `average` and `score` run. */
async function explain(
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

/** Batches of users: one read of all their facts and one write per table each, two at a time. */
async function weeklyReports(reports: ReportBuilder) {
  const started = performance.now();
  const BATCH = 250;
  let next = 0;
  const worker = async () => {
    for (let from = next; from < USERS; from = next) {
      next = from + BATCH;
      const batch = [];
      for (let i = from; i < Math.min(from + BATCH, USERS); i++)
        batch.push({ tenantId: TENANT, userId: userId(i) });
      await reports.onDemandMany(batch, 'week', '2025-03-05');
    }
  };
  await Promise.all(Array.from({ length: 2 }, worker));
  const reportS = (performance.now() - started) / 1000;
  recordTarget(
    `weekly reports for ${USERS} users`,
    `${reportS.toFixed(1)} s`,
    '<= 60 s',
    reportS <= 60,
  );
  console.log(
    `weekly reports for ${USERS} users: ${reportS.toFixed(1)} s (${Math.round(USERS / reportS)} reports/s, batches of 250 users, 2 concurrent) (${load()})`,
  );
}

/**
 * One user's 100 nights generated up front (not timed), replayed under each user's id: the timed
 * rebuild is the analytics work, not the making of test nights.
 */
async function rebuildRate(
  database: AnyDatabaseHandle,
  reports: ReportBuilder,
  metrics: AnalyticsMetrics,
) {
  const rebuildUsers = Number(process.env['BENCH_REBUILD_USERS'] ?? 300);
  const template = Array.from({ length: NIGHTS }, (_, n) =>
    sleepData({
      start: new Date(Date.parse('2025-01-01T14:00:00Z') + n * 86_400_000).toISOString(),
    }),
  );
  const pages = async function* (): AsyncGenerator<CompletedNight[]> {
    for (let u = 0; u < rebuildUsers; u++) {
      const id = `G-20250301093015-Replay${String(u).padStart(6, '0')}`;
      yield template.map((data) => ({
        tenantId: TENANT,
        asleepUserId: id,
        sessionId: data.session.id,
        version: 1,
        sleepData: data,
      }));
    }
  };
  const serverBefore = await serverCpuMs(database);
  const processBefore = process.cpuUsage();
  const threadBefore = process.threadCpuUsage();
  const replay = await rebuild(database, reports, pages(), metrics);
  const perNight = (usage: NodeJS.CpuUsage) =>
    ((usage.user + usage.system) / 1000 / replay.nights).toFixed(4);
  const serverMs = (await serverCpuMs(database)) - serverBefore;
  console.log(
    `rebuild CPU per night: process ${perNight(process.cpuUsage(processBefore))} ms, main thread ${perNight(process.threadCpuUsage(threadBefore))} ms, Postgres backends ${(serverMs / replay.nights).toFixed(4)} ms (${load()})`,
  );
  const rate = replay.nights / replay.seconds;
  recordTarget('rebuild', `${Math.round(rate)} nights/s`, '>= 10,000 nights/s', rate >= 10_000);
  console.log(
    `rebuild: ${replay.nights} nights in ${replay.seconds.toFixed(1)} s = ${Math.round(replay.nights / replay.seconds)} nights/s (facts, main sleeps, scores, weekly and monthly reports, insights) (${load()})`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
