// Tenant statistics benchmark: 10,000 users x 30 nights with profiles and tags; the rollups
// recomputed for every user (what a tenant-wide recompute costs), then org statistics with a
// two-dimension breakdown through the RPC over HTTP, then the tenant recomputed after settings
// changes (a first recompute, not a settings change, replaces the bulk load's placeholder
// scores). Prints figures, asserts nothing.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  ANALYTICS_RPC_PREFIX,
  type AnalyticsRouter,
  createAnalyticsRouter,
} from '@sleep/analytics-rpc';
import type { BatchingProducer } from '@sleep/messaging';
import { type AnyDatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase } from '@sleep/persistence/testing';
import { createTRPCClient, httpLink } from '@trpc/client';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { AnalyticsMetrics } from '../src/observability/analytics.metrics';
import { A1_STAT_EXPRESSION } from '../src/rpc/a1-stat';
import { ALL_DAYS, refreshOrgDays } from '../src/org/org-rollups';
import { ReportBuilder } from '../src/reports/report-builder';
import { AnalyticsRpcServiceImpl } from '../src/rpc/analytics-rpc.service';
import { recomputeTenant } from '../src/settings/tenant-recompute';
import { TenantRules } from '../src/settings/tenant-rules';
import { sleepData } from '../src/testing/session-events';

const USERS = Number(process.env['BENCH_ORG_USERS'] ?? 10_000);
const NIGHTS = 30;
const TENANT = 'bench-org';
const userId = (i: number) => `G-20250301093015-Org${String(i).padStart(8, '0')}`;

const p = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const figures = (label: string, ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  console.log(
    `${label}: n=${sorted.length} p50=${p(sorted, 0.5).toFixed(1)} ms p99=${p(sorted, 0.99).toFixed(1)} ms max=${sorted.at(-1)?.toFixed(1)} ms`,
  );
};

/** CPU seconds so far of this process and of each of the database's server backends (Linux). */
async function cpuSeconds(database: AnyDatabaseHandle) {
  const pids = await database.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database()`,
  );
  const server = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      server.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // A backend that has exited since the listing.
    }
  }
  const own = process.cpuUsage();
  return { node: (own.user + own.system) / 1e6, server };
}

/** Node and server CPU seconds between two readings (a backend closed meanwhile is not counted). */
function cpuBetween(
  before: Awaited<ReturnType<typeof cpuSeconds>>,
  after: Awaited<ReturnType<typeof cpuSeconds>>,
) {
  let server = 0;
  for (const [pid, seconds] of after.server) server += seconds - (before.server.get(pid) ?? 0);
  return `CPU ${(after.node - before.node).toFixed(1)} s node + ${server.toFixed(1)} s server`;
}

async function main() {
  const target = await createTestDatabase('analytics_org_bench');
  const database = await openDatabase({ url: target.url, schema: 'analytics', poolSize: 8 });
  try {
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../src/migrations') });
    const sample = sleepData({ start: '2025-03-01T14:00:00Z' });
    let started = performance.now();
    // Profiles: birth years 1950-2009, five genders and unknown, a team (5) and an arm (2).
    await database.query(
      `insert into analytics.user_profiles (tenant_id, user_id, birth_year, gender, tags)
       select $1, 'G-20250301093015-Org' || lpad(u::text, 8, '0'), 1950 + (u * 7) % 60,
              (array['male', 'female', 'non_binary', 'other', 'prefer_not_to_say', null])[1 + (u * 13) % 6],
              array['team:' || chr(97 + (u * 3) % 5), 'arm:' || (array['control', 'test'])[1 + u % 2]]
       from generate_series(0, $2::int - 1) u`,
      [TENANT, USERS],
    );
    // Facts: one sample night shifted by day, with varying duration, latency, efficiency and score.
    for (let from = 0; from < USERS; from += 1_000) {
      await database.query(
        `insert into analytics.nightly_facts (tenant_id, user_id, session_id, version, start_at, end_at,
           created_timezone, zone, peculiarities, missing_data_ratio, stat, slept, sleep_stages, start_date,
           sleep_day, is_nap, is_main_sleep, score, score_version, score_detail, a1_stat)
         select s.*, ${A1_STAT_EXPRESSION} from (select $1::text, 'G-20250301093015-Org' || lpad(u::text, 8, '0'), 's' || n, 1,
                $2::timestamptz + n * interval '1 day', $3::timestamptz + n * interval '1 day',
                'Asia/Seoul', 'Asia/Seoul', '{}'::text[], 0::float8,
                $4::jsonb || jsonb_build_object('time_in_sleep', 21000 + ((u * 31 + n * 17) % 120) * 60,
                                               'sleep_latency', ((u + n) % 40) * 60,
                                               'sleep_efficiency', 0.7 + ((u * 7 + n) % 30) / 100.0) as stat,
                true, null::bytea, ('2025-03-01'::date + n), ('2025-03-02'::date + n), false, true,
                (50 + (u * 11 + n * 7) % 50)::smallint, 'sleep-score-1'::text, '{"contributors": []}'::jsonb
         from generate_series($5::int, $6::int) u, generate_series(0, ${NIGHTS - 1}) n) s`,
        [
          TENANT,
          sample.session.start_time,
          sample.session.end_time,
          JSON.stringify(sample.stat),
          from,
          Math.min(from + 999, USERS - 1),
        ],
      );
    }
    // Every night started and completed, and one in fifty user-days a start that never completed.
    await database.query(
      `insert into analytics.session_starts (tenant_id, user_id, session_id, version, day, completed)
       select tenant_id, user_id, session_id, 1, sleep_day, true from analytics.nightly_facts where tenant_id = $1
       union all
       select $1, 'G-20250301093015-Org' || lpad(u::text, 8, '0'), 'open' || n, 1, '2025-03-02'::date + n, false
       from generate_series(0, $2::int - 1) u, generate_series(0, ${NIGHTS - 1}) n where (u + n) % 50 = 0`,
      [TENANT, USERS],
    );
    await database.query('analyze analytics.nightly_facts');
    console.log(
      `stored ${USERS * NIGHTS} nights (${USERS} users x ${NIGHTS}) with profiles and starts in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    // A tenant-wide recompute of the rollups (all users, every day), 1,000 users per transaction.
    started = performance.now();
    for (let from = 0; from < USERS; from += 1_000) {
      const batch: { tenantId: string; userId: string; day: string }[] = [];
      for (let i = from; i < Math.min(from + 1_000, USERS); i++)
        batch.push({ tenantId: TENANT, userId: userId(i), day: ALL_DAYS });
      await database.transaction((tx) => refreshOrgDays(tx, batch));
    }
    await database.query('analyze analytics.org_user_days');
    const rollupS = (performance.now() - started) / 1000;
    console.log(
      `rollups recomputed for ${USERS} users x ${NIGHTS} days: ${rollupS.toFixed(1)} s (${Math.round(USERS / rollupS)} users/s)`,
    );

    const metrics = new AnalyticsMetrics(new Registry());
    const reports = new ReportBuilder(database, {} as BatchingProducer, metrics);
    reports.announce = false;
    const service = new AnalyticsRpcServiceImpl(database, reports, {
      completenessDeadlineHours: 18,
    });
    const app = Fastify();
    await app.register(fastifyTRPCPlugin, {
      prefix: ANALYTICS_RPC_PREFIX,
      trpcOptions: { router: createAnalyticsRouter(service), createContext: () => ({}) },
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const rpc = createTRPCClient<AnalyticsRouter>({
      links: [httpLink({ url: `${url}${ANALYTICS_RPC_PREFIX}` })],
    });
    const timed = async (count: number, call: () => Promise<unknown>) => {
      for (let i = 0; i < 5; i++) await call(); // warm-up
      const ms: number[] = [];
      for (let i = 0; i < count; i++) {
        const t = performance.now();
        await call();
        ms.push(performance.now() - t);
      }
      return ms;
    };
    const period = { tenantId: TENANT, from: '2025-03-02', to: '2025-03-31' };
    const calls = Number(process.env['BENCH_ORG_CALLS'] ?? 100);
    const sampleAnswer = await rpc.orgStats.query({
      ...period,
      dimensions: ['ageBand', 'tag:team'],
    });
    console.log(
      `breakdown ageBand x tag:team: ${sampleAnswer.groups.length} groups, ${sampleAnswer.groups.filter((g) => g.suppressed).length} suppressed, total ${sampleAnswer.total.suppressed ? 'suppressed' : `${sampleAnswer.total.activeUsers} active users, ${sampleAnswer.total.nights} nights`}`,
    );
    figures(
      `org statistics, ageBand x tag:team over 30 days, ${USERS} users (RPC, HTTP)`,
      await timed(calls, () =>
        rpc.orgStats.query({ ...period, dimensions: ['ageBand', 'tag:team'] }),
      ),
    );
    figures(
      `org statistics, whole tenant over 30 days, ${USERS} users (RPC, HTTP)`,
      await timed(calls, () => rpc.orgStats.query(period)),
    );
    await app.close();

    // The bulk-loaded nights carry placeholder scores and details that ingestion never stores;
    // a first recompute replaces them, so the settings changes below start from stored nights.
    started = performance.now();
    await recomputeTenant(database, TENANT);
    console.log(
      `first recompute of the bulk-loaded nights (placeholder scores replaced): ${((performance.now() - started) / 1000).toFixed(1)} s, load ${loadavg()[0]?.toFixed(1)}`,
    );

    // A settings change: the sleep-day rule (every night moves a day), then the score weights;
    // each followed by the tenant's recompute (re-placed nights, main sleeps, scores, rollups).
    for (const [label, change] of [
      [
        'sleep-day rule end-date -> noon-anchor',
        () =>
          new TenantRules(database).set(TENANT, {
            sleepDayRule: 'noon-anchor',
            timezone: null,
            freeDays: null,
          }),
      ],
      [
        'score weights',
        () =>
          service.setScoreWeights({
            tenantId: TENANT,
            weights: {
              duration: 40,
              efficiency: 20,
              continuity: 10,
              latency: 10,
              timing: 10,
              restoration: 10,
            },
          }),
      ],
    ] as const) {
      await change();
      const cpuBefore = await cpuSeconds(database);
      started = performance.now();
      const { users, nightsMoved } = await recomputeTenant(database, TENANT);
      const s = (performance.now() - started) / 1000;
      const cpuAfter = await cpuSeconds(database);
      console.log(
        `settings change (${label}) to recomputed rollups: ${users} users, ${nightsMoved} nights moved, ${s.toFixed(1)} s (${Math.round(users / s)} users/s), ${cpuBetween(cpuBefore, cpuAfter)}, load ${loadavg()[0]?.toFixed(1)}`,
      );
    }
  } finally {
    await database.close();
    await target.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(String(error).slice(0, 2_000));
    process.exit(1);
  },
);
