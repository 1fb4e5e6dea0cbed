// End-to-end latency: a night's SESSION_COMPLETE from the POST to ingest until the gateway's
// `sessions.get` returns it COMPLETE, with webhooks sent at half of ingest's rate measured in the
// same run; and how fast session-service catches up a backlog, against that rate.
// 1. Backlog: session-service is frozen (SIGSTOP) while BACKLOG distinct SESSION_COMPLETE webhooks
//    go to ingest as fast as CONNECTIONS senders can (ingest's rate); then it is thawed and timed
//    until its consumer group has committed them all (its catch-up rate).
// 2. Latency: USERS registered app users, each followed live (SSE); nights sent at half of
//    ingest's rate for SECONDS; on a night's `completed` event the gateway is asked for it, and
//    the time from the POST to that answer being COMPLETE is the night's latency.
// Env: BACKLOG (3000), CONNECTIONS (50), USERS (20), SECONDS (20), TEST_PG_ADMIN_URL;
// LATENCY_WARMUP (60 s) at LATENCY_WARMUP_RATE (300 webhooks/s) first, not measured: a fresh
// broker's JIT compiler otherwise takes a fifth of a core through the first minutes (as much as its
// request threads: the broker's CPU by thread is printed), which no long-running broker spends;
// RATE: webhooks/s of the latency phase instead of half of ingest's (to find the unloaded floor);
// RATES: comma-separated rates, one latency phase each on the same platform, summed up at the end;
// CPU_PROF_DIR: session-service and the gateway write V8 CPU profiles there (stopped gracefully to
// write them); LOG_DIR: their logs (warnings and errors) are written there at the end;
// SESSIONS_NODE_FLAGS: V8 flags for session-service, e.g. npm start's (`--max-old-space-size=192
// --max-semi-space-size=16`) to time it as launched; V8's defaults (sized to the machine) otherwise.
// CPU seconds of session-service (from /proc) are printed beside each rate: per webhook they do
// not depend on what else the machine runs, unlike the wall-clock rates. The backlog phase also
// prints ingest's and the broker's while sending, and the gateway's, the broker's and the
// database's Postgres backends' while catching up: on a busy machine the two rates are about the
// inverse of those sums.
// The bench's readers are one tenant asking far more often than a product's users would: the
// gateway is given rate limits (its own settings) that they cannot reach, so the last hop times
// reading a night, not waiting out a refusal.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { createClient, type GatewayClient } from '@sleep/api-client';
import { Topics } from '@sleep/contracts';
import { createKafka, ensureTopics } from '@sleep/messaging';
import { generateNight } from '@sleep/asleep-sim';
import { freePort, threadCpuSecondsByKind, withBroker } from '@sleep/testkit';
import { startPlatform, type Platform } from '../src/gateway/support/platform';
import { token } from '../src/gateway/support/dev-tokens';
import { backlog, completeWebhook } from './backlog-phase';
import { startHopClock } from './hop-clock';
import {
  consumed,
  cpuSeconds,
  drained,
  ingestOutcomes,
  ledgerRecorded,
  sessionEventsPublished,
  postgresWork,
  postgresWorkPerNight,
  storeMisses,
} from './platform-metrics';

const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 50);
const USERS = Number(process.env['USERS'] ?? 20);
const SECONDS = Number(process.env['SECONDS'] ?? 20);
const WARMUP = Number(process.env['LATENCY_WARMUP'] ?? 60);
const WARMUP_RATE = Number(process.env['LATENCY_WARMUP_RATE'] ?? 300);
const ADMIN_URL = process.env['TEST_PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CPU_PROF_DIR = process.env['CPU_PROF_DIR'];
const LOG_DIR = process.env['LOG_DIR'];

async function latency(
  platform: Platform,
  rate: number,
  round: string,
  brokerPid?: number,
  seconds = SECONDS,
) {
  const memberClient = async (appUserId: string) =>
    createClient({
      url: platform.gateway.url,
      getToken: await token(platform.tenantId, appUserId, 'member').then((t) => () => t),
    });
  const users: { appUserId: string; asleepUserId: string; client: GatewayClient }[] = [];
  for (let i = 0; i < USERS; i++) {
    const appUserId = `latency-${round}-${i}`;
    const client = await memberClient(appUserId);
    const { asleepUserId } = await client.users.create.mutate({ metadata: { birth_year: 1985 } });
    users.push({ appUserId, asleepUserId, client });
  }
  const total = Math.round(rate * seconds);
  const nights = Array.from({ length: total }, (_, i) => {
    const user = users[i % USERS];
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / USERS) * 86_400_000);
    const night = generateNight({
      userId: user.asleepUserId,
      date: day.toISOString().slice(0, 10),
      timezone: 'UTC',
      kind: 'normal',
    });
    return { user, night, webhook: completeWebhook(night, platform.key) };
  });
  const postedAt = new Map<string, number>();
  // Epoch ms, to set beside the Kafka timestamps: POST, live event received, read COMPLETE.
  const clock = {
    posted: new Map<string, number>(),
    live: new Map<string, number>(),
    read: new Map<string, number>(),
  };
  const hops = await startHopClock(platform.kafka);
  const latencies: number[] = [];
  // The answering sessions.get call alone, and how many calls each night took.
  const reads: number[] = [];
  const attempts: number[] = [];
  let failedPosts = 0;
  // Of which never answered: the bench's own client gave up (too many requests open at once).
  let unanswered = 0;
  const settled = new Set<string>();
  const errors = new Map<string, number>();
  const noteError = (what: string, error: unknown) => {
    const key = `${what}: ${(error as Error)?.message ?? String(error)}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
  };
  const readable = async (user: (typeof users)[number], sessionId: string) => {
    if (settled.has(sessionId)) return;
    for (let attempt = 0; attempt < 50; attempt++) {
      const asked = performance.now();
      const session = await user.client.sessions.get
        .query({ appUserId: user.appUserId, sessionId, timezone: 'UTC' })
        .catch((error: unknown) => void noteError('sessions.get', error));
      if (session?.session.state === 'COMPLETE') {
        settled.add(sessionId);
        clock.read.set(sessionId, Date.now());
        reads.push(performance.now() - asked);
        attempts.push(attempt + 1);
        latencies.push(performance.now() - postedAt.get(sessionId)!);
        return;
      }
      await sleep(10);
    }
  };
  const subscriptions = users.map((user) =>
    user.client.sessions.live.subscribe(
      {},
      {
        onData: ({ data }) => {
          if (data.kind === 'completed' && postedAt.has(data.sessionId)) {
            clock.live.set(data.sessionId, Date.now());
            void readable(user, data.sessionId);
          }
        },
        onError: (error) => noteError('sessions.live', error),
      },
    ),
  );
  await sleep(1_000);
  const pids: Record<string, number | undefined> = {
    ingest: platform.ingest.child.pid,
    'session-service': platform.sessions.child.pid,
    gateway: platform.gateway.child.pid,
    ...(brokerPid && { broker: brokerPid }),
  };
  const cpuNow = () => Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)] as const);
  const cpuBefore = cpuNow();
  // The two services' threads apart: V8's helpers (`V8Worker`) growing means garbage collection.
  const threaded = ['session-service', 'gateway', 'broker'] as const;
  const threadsNow = () => threaded.map((name) => threadCpuSecondsByKind(pids[name]));
  const threadsBefore = threadsNow();
  const databaseUrl = process.env['TEST_DATABASE_URL']!;
  const postgresBefore = await postgresWork(databaseUrl);
  // The bench's own clock readings (SSE received, read COMPLETE) are late by its event-loop delay.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const benchCpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    nights.map(async ({ night, webhook }, i) => {
      await sleep(Math.max(0, started + (i * 1000) / rate - performance.now()));
      postedAt.set(night.sessionId, performance.now());
      clock.posted.set(night.sessionId, Date.now());
      const response = await fetch(platform.webhookUrl, {
        method: 'POST',
        headers: webhook.headers,
        body: webhook.body,
      }).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status !== 200) failedPosts += 1;
      if (!response) unanswered += 1;
    }),
  );
  // Nights still in flight when the last one was sent.
  const deadline = Date.now() + 30_000;
  while (settled.size < total - failedPosts && Date.now() < deadline) await sleep(100);
  const wallSeconds = (performance.now() - started) / 1000;
  loopDelay.disable();
  const benchUsed = process.cpuUsage(benchCpu);
  const busy = cpuNow().map(([name, cpu], i) => {
    const seconds = cpu - cpuBefore[i][1];
    return `${name} ${((100 * seconds) / wallSeconds).toFixed(0)} % of a core (${((seconds * 1000) / total).toFixed(2)} CPU ms per night)`;
  });
  for (const [index, threads] of threadsNow().entries()) {
    const perNight = [...threads]
      .map(([name, cpu]) => [name, cpu - (threadsBefore[index].get(name) ?? 0)] as const)
      .filter(([, cpu]) => cpu > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([name, cpu]) => `${name} ${((cpu * 1000) / total).toFixed(2)}`);
    busy.push(`${threaded[index]} by thread (CPU ms per night) ${perNight.join(', ')}`);
  }
  const ms = (ns: number) => (ns / 1e6).toFixed(0);
  busy.push(
    `this bench ${((100 * (benchUsed.user + benchUsed.system)) / 1e6 / wallSeconds).toFixed(0)} % of a core, event-loop delay p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms`,
  );
  // Postgres publishes its counters within a second.
  await sleep(1_500);
  const postgres = postgresWorkPerNight(postgresBefore, await postgresWork(databaseUrl), total);
  subscriptions.forEach((subscription) => subscription.unsubscribe());
  const { produced, published } = await hops.read();
  const recorded = await ledgerRecorded(databaseUrl);
  const stages = hopStages([clock.posted, produced, published, recorded, clock.live, clock.read]);
  const sortedReads = [...reads].sort((a, b) => a - b);
  const retried = attempts.filter((n) => n > 1).length;
  stages.push(
    `the answering sessions.get alone: p50 ${percentile(sortedReads, 50).toFixed(0)} ms, p99 ${percentile(sortedReads, 99).toFixed(0)} ms; nights read more than once ${retried}`,
  );
  return { total, failedPosts, unanswered, latencies, errors, stages, busy, postgres };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

const HOPS = [
  'POST to webhook produced (ingest)',
  'produced to completed event published (session-service)',
  'published to its change-ledger append begun (gateway consumer)',
  'append begun to live event received (gateway ledger write, SSE)',
  'live event to sessions.get COMPLETE',
];

/**
 * The two rates as a machine with a core for each service would give them (each one's own CPU
 * from /proc; Postgres and the broker not counted): how many session-service instances keep up
 * at 1.5 x one ingest instance, against the most the webhooks topic's partitions allow.
 */
function perCore(ingestMs: number, catchUpMs: number): string {
  const ingestPerCore = 1000 / ingestMs;
  const catchUpPerCore = 1000 / catchUpMs;
  const needed = (1.5 * ingestPerCore) / catchUpPerCore;
  return `per core of its own: ingest ${ingestPerCore.toFixed(0)} webhooks/s, session-service ${catchUpPerCore.toFixed(0)}; catching up at 1.5 x one ingest instance takes ${needed.toFixed(1)} session-service instances (at most ${Topics.asleepWebhooks.partitions}, one per partition of ${Topics.asleepWebhooks.name})`;
}

/** Per hop, the time between consecutive instants of the nights that passed every one. */
function hopStages(instants: Map<string, number>[]): string[] {
  const [first, ...rest] = instants;
  const complete = [...first.keys()].filter((id) => rest.every((at) => at.has(id)));
  const reached = `nights seen at each instant: ${instants.map((at) => at.size).join(', ')}`;
  return [
    reached,
    ...HOPS.map((name, i) => {
      const spans = complete.map((id) => instants[i + 1].get(id)! - instants[i].get(id)!);
      const sorted = spans.sort((a, b) => a - b);
      return `${name}: p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms (${sorted.length} nights)`;
    }),
  ];
}

async function main() {
  const broker = await withBroker({ port: await freePort(), controllerPort: await freePort() });
  process.env['KAFKA_BROKERS'] = broker.brokers.join(',');
  const name = `sleep_latency_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  process.env['TEST_DATABASE_URL'] = Object.assign(new URL(ADMIN_URL), {
    pathname: `/${name}`,
  }).toString();
  let platform: Platform | undefined;
  try {
    // A fresh broker: the topics exist before the platform's consumer groups are placed on them.
    const kafkaAdmin = createKafka({ brokers: broker.brokers, clientId: 'latency-bench' }).admin();
    await kafkaAdmin.connect();
    await ensureTopics(kafkaAdmin);
    await kafkaAdmin.disconnect();
    platform = await startPlatform({
      sessionsEnv: {
        // The freeze outlasts the usual 6 s: the group would evict the frozen member, and the
        // thawed one would rejoin and redo what it handled before noticing, so the catch-up
        // would time a rebalance. A longer session timeout keeps it a member through the freeze.
        KAFKA_SESSION_TIMEOUT_MS: '120000',
        NODE_OPTIONS: [
          process.env['SESSIONS_NODE_FLAGS'] ?? '',
          CPU_PROF_DIR ? `--cpu-prof --cpu-prof-dir=${CPU_PROF_DIR}` : '',
        ]
          .filter(Boolean)
          .join(' '),
      },
      gatewayEnv: {
        ...(CPU_PROF_DIR && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${CPU_PROF_DIR}` }),
        RATE_LIMIT_USER_PER_MINUTE: '10000000',
        RATE_LIMIT_TENANT_PER_MINUTE: '100000000',
      },
    });
    if (WARMUP > 0) {
      const warm = await latency(platform, WARMUP_RATE, 'warm', broker.pid, WARMUP);
      const sorted = [...warm.latencies].sort((a, b) => a - b);
      console.log(
        `warm-up: ${warm.total} nights at ${WARMUP_RATE} webhooks/s for ${WARMUP} s (p50 ${percentile(sorted, 50).toFixed(0)} ms), not measured`,
      );
    }
    const caughtUp = await backlog(platform, broker.pid);
    console.log(
      `\nbacklog: ${caughtUp.accepted} distinct SESSION_COMPLETE webhooks (refused ${caughtUp.refused}), ${CONNECTIONS} senders, session-service frozen`,
    );
    console.log(
      `  ingest:          ${caughtUp.ingestRate.toFixed(0)} webhooks/s (${caughtUp.ingestSeconds.toFixed(2)} s; autocannon's duration ${caughtUp.ingestTicks} s)`,
    );
    console.log(
      `  session-service: ${caughtUp.catchUpRate.toFixed(0)} webhooks/s catching up (${caughtUp.catchUpSeconds.toFixed(2)} s, from thaw to all consumed), ${caughtUp.catchUpCpuMsPerWebhook.toFixed(2)} CPU ms per webhook`,
    );
    console.log(
      `  CPU ms per webhook: while sending, ${caughtUp.ingestCpu}; while catching up, ${caughtUp.catchUpOthersCpu}, Postgres' backends ${caughtUp.postgres}`,
    );
    console.log(`  handled twice (a batch redelivered after a rebalance): ${caughtUp.redelivered}`);
    console.log(
      `  catch-up vs ingest: ${(caughtUp.catchUpRate / caughtUp.ingestRate).toFixed(2)} (target >= 1.5)`,
    );
    console.log(`  ${perCore(caughtUp.ingestCpuMsPerWebhook, caughtUp.catchUpCpuMsPerWebhook)}`);
    console.log(`  ingest's answers so far: ${await ingestOutcomes(platform)}`);
    console.log(
      `  gateway (change feed) caught up ${(await drained(platform)).toFixed(1)} s after session-service`,
    );
    // RATES: several latency phases one after the other on the same platform (where the targets
    // stop holding), each with users of its own; RATE: one; else half of ingest's measured rate.
    const rates = (process.env['RATES'] ?? process.env['RATE'] ?? '')
      .split(',')
      .filter(Boolean)
      .map(Number);
    const chosen = rates.length > 0 ? 'RATE' : "half of ingest's";
    const summary: string[] = [];
    for (const [round, rate] of (rates.length > 0 ? rates : [caughtUp.ingestRate / 2]).entries()) {
      const { total, failedPosts, unanswered, latencies, errors, stages, busy, postgres } =
        await latency(platform, rate, `r${round}`, broker.pid);
      const sorted = [...latencies].sort((a, b) => a - b);
      const figures = `p50 ${percentile(sorted, 50).toFixed(0)} ms, p90 ${percentile(sorted, 90).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`;
      summary.push(`${rate.toFixed(0)} webhooks/s: ${figures}`);
      console.log(
        `\nlatency: ${total} nights at ${rate.toFixed(0)} webhooks/s (${chosen}) for ${SECONDS} s, ${USERS} users followed live`,
      );
      console.log(`  POST to sessions.get COMPLETE: ${figures} (targets p50 <= 100, p99 <= 500)`);
      console.log(
        `  measured ${latencies.length}, not readable within 30 s ${total - failedPosts - latencies.length}, posts failed ${failedPosts} (of which never answered ${unanswered})`,
      );
      console.log(`  ingest's answers in all: ${await ingestOutcomes(platform)}`);
      for (const [error, count] of errors) console.log(`  ${count} x ${error}`);
      console.log(
        `  gateway turned to Asleep, session store unavailable: ${storeMisses(platform)}`,
      );
      console.log(
        `  session-service: ${await consumed(platform)} webhooks consumed, ${await sessionEventsPublished(platform)} events published`,
      );
      console.log(`  busy from the first POST until the last night was read: ${busy.join('; ')}`);
      console.log(`  Postgres per night: ${postgres}`);
      console.log('  where the time goes (Kafka timestamps beside the bench clock):');
      for (const stage of stages) console.log(`    ${stage}`);
    }
    if (summary.length > 1)
      console.log(`\nPOST to sessions.get COMPLETE by rate:\n  ${summary.join('\n  ')}`);
    if (LOG_DIR) {
      writeFileSync(`${LOG_DIR}/gateway.log`, platform.gateway.output());
      writeFileSync(`${LOG_DIR}/session-service.log`, platform.sessions.output());
    }
    if (CPU_PROF_DIR)
      await Promise.all([platform.sessions.stop('SIGTERM'), platform.gateway.stop('SIGTERM')]);
  } finally {
    await platform?.stop();
    await broker.stop();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
