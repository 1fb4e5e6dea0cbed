// analytics-service benchmark: 1,000,000 stored nights (10,000 users x 100), read through the RPC
// over HTTP from a server process of its own (rpc-reads.ts); weekly reports for 10,000 users; rebuild rate. Prints figures, asserts nothing.
import { join } from 'node:path';
import type { BatchingProducer } from '@sleep/messaging';
import { type AnyDatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase } from '@sleep/persistence/testing';
import type { CompletedNight } from '@sleep/session-rpc';
import { Registry } from 'prom-client';
import { encodeStages, nightlyFact } from '../src/facts/nightly-fact';
import { AnalyticsMetrics } from '../src/observability/analytics.metrics';
import { A1_STAT_EXPRESSION } from '../src/rpc/a1-stat';
import { applyStarts, sessionStarts, withoutTiming } from '../src/facts/session-starts';
import { asCompletedEvent, rebuild } from '../src/rebuild/rebuild';
import { projectUser } from '../src/rebuild/user-projection';
import { ReportBuilder } from '../src/reports/report-builder';
import { sleepData } from '../src/testing/session-events';
import { BENCH_TENANT as TENANT, benchUserId as userId } from './bench-store';
import { serverCpuMs } from './server-cpu';
import { reads } from './rpc-reads';
import { load } from './timed-calls';

const USERS = Number(process.env['BENCH_USERS'] ?? 10_000);
/** Which parts to run (comma-separated); all by default. The store is loaded only when needed. */
const PHASES = new Set(
  (process.env['BENCH_PHASES'] ?? 'average,score,reports,rebuild').split(',').map((s) => s.trim()),
);
const NIGHTS = 100;

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

/**
 * `BENCH_KEEP_DATABASE=1` keeps the loaded database and prints its URL; `BENCH_DATABASE_URL=<it>`
 * reads it again without loading (same BENCH_USERS; read phases only), and leaves it in place.
 */
const REUSED_URL = process.env['BENCH_DATABASE_URL'];
const KEEP = process.env['BENCH_KEEP_DATABASE'] === '1' || REUSED_URL !== undefined;

async function main() {
  const target = REUSED_URL
    ? { url: REUSED_URL, drop: async () => undefined }
    : await createTestDatabase('analytics_bench');
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
    if (!REUSED_URL && (PHASES.has('average') || PHASES.has('score') || PHASES.has('reports')))
      await loadStore(database);
    const metrics = new AnalyticsMetrics(new Registry());
    // Nothing is announced in the benchmark, so no producer is needed.
    const reports = new ReportBuilder(database, {} as BatchingProducer, metrics);
    reports.announce = false;
    if (PHASES.has('average') || PHASES.has('score'))
      await reads({
        database,
        databaseUrl: target.url,
        reports,
        tenant: TENANT,
        users: USERS,
        nights: NIGHTS,
        userId,
        phases: PHASES,
        recordTarget,
      });
    if (PHASES.has('reports')) await weeklyReports(reports);
    if (PHASES.has('rebuild')) await rebuildRate(database, reports, metrics);
    printTargets();
  } finally {
    await database.close();
    if (KEEP)
      console.log(
        `database kept: ${target.url}${PHASES.has('rebuild') ? ' (holding the rebuilt nights, not the read store: keep it from a run without the rebuild phase to read it again)' : ''}`,
      );
    else await target.drop();
  }
}

/** Bulk: one server-side insert per 1,000 users (generate_series), from one sample night shifted by day. */
async function loadStore(database: AnyDatabaseHandle) {
  const sample = sleepData({ start: '2025-01-01T14:00:00Z' });
  const stages = encodeStages(sample.session.sleep_stages);
  const score = sampleScore();

  const started = performance.now();
  for (let from = 0; from < USERS; from += 1_000) {
    await database.query(
      `insert into analytics.nightly_facts (tenant_id, user_id, session_id, version, start_at, end_at,
         created_timezone, zone, peculiarities, missing_data_ratio, stat, slept, sleep_stages, start_date,
         sleep_day, is_nap, is_main_sleep, score, score_version, score_detail, a1_stat)
       select s.*, ${A1_STAT_EXPRESSION} from (select $1::text, 'G-20250301093015-Bench' || lpad(u::text, 8, '0'), 's' || n, 1,
              $2::timestamptz + n * interval '1 day', $3::timestamptz + n * interval '1 day',
              'Asia/Seoul', 'Asia/Seoul', '{NO_BREATHING_STABILITY}'::text[], 0::float8,
              jsonb_set(jsonb_set($4::jsonb, '{sleep_time}', to_jsonb(to_char(($5::timestamptz + n * interval '1 day') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))),
                        '{wake_time}', to_jsonb(to_char(($6::timestamptz + n * interval '1 day') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))) as stat,
              true, $7::bytea, ('2025-01-01'::date + n), ('2025-01-02'::date + n), false, true, $10::smallint, $11::text, $12::jsonb
       from generate_series($8::int, $9::int) u, generate_series(0, ${NIGHTS - 1}) n) s`,
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
        score.score,
        score.scoreVersion,
        JSON.stringify(score.scoreDetail),
      ],
    );
  }
  // What autovacuum does to a store soon after a million inserts: statistics, and the visibility
  // map A1's index-only scan relies on (without it every night is still fetched from the heap).
  await database.query('vacuum (analyze) analytics.nightly_facts');
  const loadS = (performance.now() - started) / 1000;
  console.log(
    `stored ${USERS * NIGHTS} nights (${USERS} users x ${NIGHTS}) in ${loadS.toFixed(1)} s (${load()})`,
  );
}

/** The sample night's score as the service stores it (a user of 35 with 14 such nights before). */
function sampleScore() {
  const nights = Array.from({ length: 15 }, (_, n) => {
    const outcome = nightlyFact(TENANT, {
      userId: userId(0),
      sessionId: `s${n}`,
      version: 1,
      sleepData: sleepData({ start: new Date(Date.UTC(2025, 0, 1 + n, 14)).toISOString() }),
    });
    if (outcome.kind !== 'fact')
      throw new Error(`the sample night is not stored: ${outcome.reason}`);
    return outcome.fact;
  });
  const projected = projectUser(userId(0), nights, { weights: null, birthYear: 1990 }, Date.now());
  const last = projected.facts.at(-1);
  if (!last) throw new Error('the sample night is not scored');
  return last;
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
 * rebuild is the analytics work, not the making of test nights. By default as many nights as the
 * store of the reads (1,000,000): a rebuild's rate is what it sustains over a whole store, and a
 * short one is mostly its first batch (nothing yet for the server) and its closing (nothing left
 * for the process).
 */
async function rebuildRate(
  database: AnyDatabaseHandle,
  reports: ReportBuilder,
  metrics: AnalyticsMetrics,
) {
  const rebuildUsers = Number(process.env['BENCH_REBUILD_USERS'] ?? 10_000);
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
  // `BENCH_REBUILD_STARTS=1`: the nights' session starts stored first (not timed), as live
  // ingestion leaves them: a rebuild keeps the starts and replays the nights over them.
  if (process.env['BENCH_REBUILD_STARTS'] === '1') {
    let users: CompletedNight[] = [];
    const store = (nights: CompletedNight[]) =>
      database.transaction((tx) =>
        applyStarts(tx, sessionStarts(nights.map(asCompletedEvent)).map(withoutTiming), []),
      );
    for await (const page of pages()) {
      users.push(...page);
      if (users.length >= 5_000) {
        await store(users);
        users = [];
      }
    }
    if (users.length > 0) await store(users);
    console.log(`session starts stored first: ${rebuildUsers * NIGHTS} (${load()})`);
  }
  const serverBefore = await serverCpuMs(database);
  const processBefore = process.cpuUsage();
  const threadBefore = process.threadCpuUsage();
  // How much of the time the main thread computed rather than waited for the server: the share
  // left idle is what overlapping computation and statements better could still gain.
  const loopBefore = performance.eventLoopUtilization();
  const replay = await rebuild(database, reports, pages(), metrics);
  const loop = performance.eventLoopUtilization(loopBefore);
  const perNight = (usage: NodeJS.CpuUsage) =>
    ((usage.user + usage.system) / 1000 / replay.nights).toFixed(4);
  const serverMs = (await serverCpuMs(database)) - serverBefore;
  console.log(
    `rebuild CPU per night: process ${perNight(process.cpuUsage(processBefore))} ms, main thread ${perNight(process.threadCpuUsage(threadBefore))} ms, Postgres backends ${(serverMs / replay.nights).toFixed(4)} ms; main thread busy ${(loop.utilization * 100).toFixed(0)} % of the time (${load()})`,
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
