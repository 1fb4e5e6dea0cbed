// Benchmark of POST /v1/webhooks/asleep: the real service (auth, validation, Kafka acks=all) beside
// a bare node:http server and the same server stack with a parse-only handler, in one run. The
// three take turns, ROUNDS times, so a load change on a shared machine hits each alike.
// Env: CONNECTIONS (50), DURATION s per turn (8), ROUNDS (2), WARMUP s (3), INGEST_WARMUP s (60, the
// service and a broker of its own under load first), KAFKA_BROKERS (else a
// broker of its own), PROFILE=1 (CPU profile of the ingest process; PROFILE_OUT=file keeps it), INGEST_MODE (compiled: the
// `nx build` bundle, as production runs it; swc-on-load: the TypeScript compiled at start),
// INGEST_NODE_FLAGS (V8 flags of the ingest process; default: those it is deployed with),
// INGEST_LOG_LEVEL (info, as deployed), INGEST_COMPARE (`NAME=value,...`: a second ingest process
// with these variables set, taking turns with the first, e.g. LOG_LEVEL=warn), INGEST_COMPARE_NODE_FLAGS
// (that second process's V8 flags, default INGEST_NODE_FLAGS).
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, threadCpuSeconds, threadCpuSecondsByKind, withBroker } from '@sleep/testkit';
import {
  buildApp,
  cpuSeconds,
  startProcess,
  waitUntilServing,
  type BenchProcess,
} from './bench-process';
import { summariseProfile } from './cpu-profile';
import { sessionCompleteWebhook } from './session-complete-body';

const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 50);
const DURATION = Number(process.env['DURATION'] ?? 8);
const ROUNDS = Number(process.env['ROUNDS'] ?? 2);
const WARMUP = Number(process.env['WARMUP'] ?? 3);
/**
 * A broker started for the run is a fresh JVM: for its first minute of produce load its JIT
 * compiler takes about as much CPU as its request handling, which a long-running broker has
 * long stopped paying. The service's own JIT settles sooner.
 */
const INGEST_WARMUP = Number(process.env['INGEST_WARMUP'] ?? 60);
const PROFILE = process.env['PROFILE'] === '1';
const INGEST_MODE = process.env['INGEST_MODE'] === 'swc-on-load' ? 'swc-on-load' : 'compiled';
const API_KEY = `bench-${Date.now().toString(36)}`;
/** KEEP_LOGS=1: the run's folder (the services' logs, e.g. with `--trace-gc`) is kept, not removed. */
const KEEP_LOGS = process.env['KEEP_LOGS'] === '1';
/**
 * The heap production gives the service: half of its 512 MiB limit for the old space, and the
 * 8 MB semi-spaces of its manifest (k8s/base/webhook-ingest.yaml). The young generation's size
 * sets how much per-request state, and how many off-heap buffers, live on into major collections,
 * so the bench runs with it.
 */
const INGEST_NODE_FLAGS = (
  process.env['INGEST_NODE_FLAGS'] ?? '--max-old-space-size=256 --max-semi-space-size=8'
)
  .split(' ')
  .filter(Boolean);
/**
 * As deployed (LOG_LEVEL in k8s/base/configmap.yaml): the service writes one line per webhook,
 * to stdout (asynchronous writes, one at a time), which costs it about 40-50 µs of CPU a webhook.
 */
const INGEST_LOG_LEVEL = process.env['INGEST_LOG_LEVEL'] ?? 'info';
const INGEST_COMPARE = process.env['INGEST_COMPARE'] ?? '';
/** The compared service's V8 flags (default: INGEST_NODE_FLAGS), to compare heap settings too. */
const INGEST_COMPARE_NODE_FLAGS = process.env['INGEST_COMPARE_NODE_FLAGS']
  ?.split(' ')
  .filter(Boolean);
/** What the compared service runs with that the first does not. */
const COMPARED = [
  INGEST_COMPARE,
  ...(INGEST_COMPARE_NODE_FLAGS ?? []).filter((flag) => !INGEST_NODE_FLAGS.includes(flag)),
]
  .filter(Boolean)
  .join(' ');

interface Figures {
  name: string;
  answered: number;
  seconds: number;
  p50: number[];
  p99: number[];
  failed: number;
  /** CPU of the server process: per webhook, it is steadier than throughput on a shared machine. */
  cpu: number;
  /** Of which its main thread's: each side's rate is bounded by the core that thread saturates. */
  mainCpu: number;
  /** CPU of the Kafka broker meanwhile: it shares the cores, so its work per webhook counts too. */
  brokerCpu: number;
  /** CPU of this process (the load generator): near a core's worth, it would be the limit. */
  senderCpu: number;
  /** The server's CPU by kind of thread (`main`, V8's helpers, libuv's pool, ...). */
  threadCpu: Map<string, number>;
  /** The broker's, by kind of thread (network, request handlers, JIT, garbage collector, ...). */
  brokerThreadCpu: Map<string, number>;
}

const webhooks = Array.from({ length: 64 }, (_, index) => sessionCompleteWebhook(index));
const requests = webhooks.map(({ userId, body }) => ({
  method: 'POST' as const,
  path: '/v1/webhooks/asleep',
  headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, 'x-user-id': userId },
  body,
}));

async function turn(target: BenchProcess, figures: Figures, brokerPid?: number): Promise<void> {
  const url = `${target.url}/v1/webhooks/asleep`;
  const cpuBefore = cpuSeconds(target.child.pid);
  const mainBefore = cpuSeconds(target.child.pid, true);
  const threadsBefore = threadCpuSeconds(target.child.pid);
  const brokerBefore = cpuSeconds(brokerPid);
  const brokerThreadsBefore = threadCpuSecondsByKind(brokerPid);
  const senderBefore = process.cpuUsage();
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, requests });
  figures.cpu += cpuSeconds(target.child.pid) - cpuBefore;
  figures.mainCpu += cpuSeconds(target.child.pid, true) - mainBefore;
  for (const [name, seconds] of threadCpuSeconds(target.child.pid))
    figures.threadCpu.set(
      name,
      (figures.threadCpu.get(name) ?? 0) + seconds - (threadsBefore.get(name) ?? 0),
    );
  figures.brokerCpu += cpuSeconds(brokerPid) - brokerBefore;
  for (const [kind, seconds] of threadCpuSecondsByKind(brokerPid))
    figures.brokerThreadCpu.set(
      kind,
      (figures.brokerThreadCpu.get(kind) ?? 0) + seconds - (brokerThreadsBefore.get(kind) ?? 0),
    );
  const sender = process.cpuUsage(senderBefore);
  figures.senderCpu += (sender.user + sender.system) / 1e6;
  figures.answered += result['2xx'];
  figures.seconds += result.duration;
  figures.p50.push(result.latency.p50);
  figures.p99.push(result.latency.p99);
  figures.failed += result.non2xx + result.errors + result.timeouts;
}

/** `CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile` */
const threadOf = (file: string) => Number(file.split('.').at(-3));
const perSecond = (row: Figures) => row.answered / row.seconds;
const cpuMicros = (row: Figures) => (row.cpu * 1e6) / row.answered;
const mainMicros = (row: Figures) => (row.mainCpu * 1e6) / row.answered;
const brokerMicros = (row: Figures) => (row.brokerCpu * 1e6) / row.answered;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function acknowledged(target: BenchProcess): Promise<string> {
  const text = await (await fetch(`${target.managementUrl}/metrics`)).text();
  const sum = (pattern: RegExp) =>
    text
      .split('\n')
      .filter((line) => pattern.test(line))
      .reduce((total, line) => total + Number(line.split(' ').pop()), 0);
  const acknowledged = sum(/^kafka_produced_messages_total\{.*asleep\.webhooks\.v1/);
  const batches = sum(/^kafka_produce_batches_total\{.*outcome="ok"/);
  return `acknowledged by Kafka ${acknowledged} in ${batches} produce requests (${(acknowledged / batches).toFixed(1)} a request), spooled ${sum(/^webhook_requests_total\{.*outcome="spooled"/)}`;
}

function report(rows: Figures[]): void {
  const [bare, parseOnly, ingest, compared] = rows;
  const ratio = (row: Figures) => perSecond(row) / perSecond(bare);
  console.log(
    `\n${webhooks[0].body.length} B SESSION_COMPLETE bodies, ${CONNECTIONS} concurrent senders, ${ROUNDS} x ${DURATION} s each, ingest ${INGEST_MODE} ${INGEST_NODE_FLAGS.join(' ')}, LOG_LEVEL ${INGEST_LOG_LEVEL}${COMPARED && `; compared: ${COMPARED}`}\n`,
  );
  console.log(
    'target                        webhooks/s  p50 ms  p99 ms  non-2xx  vs bare  server CPU µs/webhook  main thread',
  );
  for (const row of rows) {
    const cells = [
      perSecond(row).toFixed(0).padStart(10),
      String(median(row.p50)).padStart(6),
      String(Math.max(...row.p99)).padStart(6),
    ];
    const cpu = `${cpuMicros(row).toFixed(0)} (${(cpuMicros(row) / cpuMicros(bare)).toFixed(2)} x bare)`;
    console.log(
      `${row.name.padEnd(29)} ${cells.join('  ')}  ${String(row.failed).padStart(7)}  ${ratio(row).toFixed(2).padStart(7)}  ${cpu.padStart(20)}  ${mainMicros(row).toFixed(0).padStart(11)}`,
    );
  }
  console.log('\np50: median of the turns; p99: worst turn.');
  console.log(
    `load generator (this process) CPU per second of load: ${rows.map((row, index) => `${['bare', 'parse-only', 'ingest', 'compared'][index]} ${(row.senderCpu / row.seconds).toFixed(2)}`).join(', ')} (1.00 = a whole core)`,
  );
  console.log(`parse-only route vs bare: ${ratio(parseOnly).toFixed(2)} (target >= 0.8)`);
  const bareP99 = Math.max(...bare.p99);
  const ingestP99 = Math.max(...ingest.p99);
  console.log(
    `ingest vs bare: ${ratio(ingest).toFixed(2)} (target >= 0.6); p99 ${ingestP99} ms, ${(ingestP99 / bareP99).toFixed(1)} x bare's ${bareP99} ms (target <= 4 x); non-2xx ${ingest.failed} (target 0)`,
  );
  for (const row of [ingest, compared]) {
    if (!row) continue;
    const total = cpuMicros(row) + brokerMicros(row);
    // NaN when the broker came from KAFKA_BROKERS: its process is not this run's to measure.
    if (!Number.isNaN(total))
      console.log(
        `CPU µs/webhook during ${row.name}'s turns: ingest ${cpuMicros(row).toFixed(0)} + Kafka broker ${brokerMicros(row).toFixed(0)} = ${total.toFixed(0)} (${(total / cpuMicros(bare)).toFixed(2)} x bare); broker during bare's turns ${brokerMicros(bare).toFixed(0)}`,
      );
    const threads = [...row.threadCpu]
      .filter(([, seconds]) => seconds > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([name, seconds]) => `${name} ${((seconds * 1e6) / row.answered).toFixed(0)}`);
    console.log(`  ${row.name}: CPU µs/webhook by thread: ${threads.join(', ')}`);
    const brokerByThread = [...row.brokerThreadCpu]
      .filter(([, seconds]) => (seconds * 1e6) / row.answered >= 1)
      .sort((a, b) => b[1] - a[1])
      .map(([name, seconds]) => `${name} ${((seconds * 1e6) / row.answered).toFixed(0)}`);
    if (brokerByThread.length > 0)
      console.log(`  the broker meanwhile, by thread: ${brokerByThread.join(', ')}`);
  }
}

async function main(): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), 'ingest-bench-'));
  // A broker of our own keeps its data in this run's folder, removed at the end.
  process.env['SLEEP_STATE_DIR'] = join(stateDir, 'kafka');
  const broker = await withBroker({ port: await freePort(), controllerPort: await freePort() });
  const profileDir = join(stateDir, 'profile');
  const common = {
    KAFKA_BROKERS: broker.brokers.join(','),
    DATABASE_URL: process.env['DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? '',
  };
  const started: BenchProcess[] = [];
  try {
    const bare = await startProcess('apps/webhook-ingest/bench/bare-server.ts', {});
    started.push(bare);
    await waitUntilServing(bare);
    const parseOnly = await startProcess('apps/webhook-ingest/bench/parse-only.main.ts', {
      ...common,
      STATE_DIR: join(stateDir, 'parse'),
    });
    started.push(parseOnly);
    await waitUntilServing(parseOnly, '/health/ready');
    const ingestEnv = {
      ...common,
      STATE_DIR: join(stateDir, 'ingest'),
      WEBHOOK_API_KEYS: `bench:${API_KEY}`,
      LOG_LEVEL: INGEST_LOG_LEVEL,
    };
    const ingestStarted = Date.now();
    const ingestEntry =
      INGEST_MODE === 'compiled' ? buildApp('webhook-ingest') : 'apps/webhook-ingest/src/main.ts';
    const ingest = await startProcess(
      ingestEntry,
      ingestEnv,
      [...INGEST_NODE_FLAGS, ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
      join(stateDir, 'ingest.log'),
    );
    started.push(ingest);
    await waitUntilServing(ingest, '/health/ready');
    const compareEnv = Object.fromEntries(
      INGEST_COMPARE.split(',')
        .filter(Boolean)
        .map((pair) => pair.split('=') as [string, string]),
    );
    const compared = COMPARED
      ? await startProcess(
          ingestEntry,
          { ...ingestEnv, STATE_DIR: join(stateDir, 'compared'), ...compareEnv },
          INGEST_COMPARE_NODE_FLAGS ?? INGEST_NODE_FLAGS,
          join(stateDir, 'compared.log'),
        )
      : undefined;
    if (compared) {
      started.push(compared);
      await waitUntilServing(compared, '/health/ready');
    }

    const targets = [bare, parseOnly, ingest, ...(compared ? [compared] : [])];
    const names = [
      'bare node:http, parse only',
      'ingest stack, parse only',
      'ingest: auth, validate, Kafka',
      `ingest, ${COMPARED}`.slice(0, 29),
    ].slice(0, targets.length);
    const rows: Figures[] = names.map((name) => ({
      name,
      answered: 0,
      seconds: 0,
      p50: [],
      p99: [],
      failed: 0,
      cpu: 0,
      mainCpu: 0,
      brokerCpu: 0,
      senderCpu: 0,
      threadCpu: new Map(),
      brokerThreadCpu: new Map(),
    }));
    for (const target of targets)
      await autocannon({
        url: `${target.url}/v1/webhooks/asleep`,
        connections: CONNECTIONS,
        duration:
          target === ingest || target === compared ? Math.max(WARMUP, INGEST_WARMUP) : WARMUP,
        requests,
      });
    const loadStarted = Date.now();
    for (let round = 0; round < ROUNDS; round++) {
      // The two services swap places every other round, so that neither always follows the same
      // turn (the compared one's warm-up, for one, ends right before the first round).
      const order = targets.map((_, index) => index);
      if (compared && round % 2 === 1) order.splice(2, 2, 3, 2);
      for (const index of order) await turn(targets[index], rows[index], broker.pid);
    }
    report(rows);
    console.log(`  ${names[2]}: ${await acknowledged(ingest)}`);
    if (compared) console.log(`  ${names[3]}: ${await acknowledged(compared)}`);
    if (PROFILE) {
      await ingest.stop();
      // One profile per thread: the main thread's first (the lowest thread id), then workers'.
      const files = readdirSync(profileDir).sort((a, b) => threadOf(a) - threadOf(b));
      for (const [index, file] of files.entries()) {
        const out = process.env['PROFILE_OUT'];
        if (out) copyFileSync(join(profileDir, file), index === 0 ? out : `${out}.${index}`);
        console.log(
          `\nCPU profile of the ingest process under load, ${index === 0 ? 'main thread' : `worker thread ${index}`}:\n${summariseProfile(join(profileDir, file), loadStarted - ingestStarted)}`,
        );
      }
    }
  } finally {
    await Promise.all(started.map((target) => target.stop()));
    await broker.stop();
    if (KEEP_LOGS) console.log(`\nthe services' logs are kept in ${stateDir}`);
    else rmSync(stateDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
