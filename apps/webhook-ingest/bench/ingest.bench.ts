// Benchmark of POST /v1/webhooks/asleep: the real service (auth, validation, Kafka acks=all) beside
// a bare node:http server and the same server stack with a parse-only handler, in one run.
// Env: CONNECTIONS (50), DURATION s (10), WARMUP s (3), KAFKA_BROKERS (else a broker of its own),
// DATABASE_URL (else embedded), PROFILE=1 (CPU profile summary of the ingest process).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { withBroker } from '@sleep/messaging/testing';
import { freePort, startProcess, waitUntilServing, type BenchProcess } from './bench-process';
import { summariseProfile } from './cpu-profile';
import { sessionCompleteWebhook } from './session-complete-body';

const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 50);
const DURATION = Number(process.env['DURATION'] ?? 10);
const WARMUP = Number(process.env['WARMUP'] ?? 3);
const PROFILE = process.env['PROFILE'] === '1';
const API_KEY = `bench-${Date.now().toString(36)}`;

interface Figures {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

const webhooks = Array.from({ length: 64 }, (_, index) => sessionCompleteWebhook(index));
const requests = webhooks.map(({ userId, body }) => ({
  method: 'POST',
  path: '/v1/webhooks/asleep',
  headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, 'x-user-id': userId },
  body,
}));

async function load(name: string, target: BenchProcess): Promise<Figures> {
  const url = `${target.url}/v1/webhooks/asleep`;
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP, requests });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, requests });
  const failed = result.non2xx + result.errors + result.timeouts;
  return { name, perSecond: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99, failed };
}

async function acknowledged(target: BenchProcess): Promise<string> {
  const text = await (await fetch(`${target.url}/metrics`)).text();
  const sum = (pattern: RegExp) =>
    text.split('\n').filter((line) => pattern.test(line)).reduce((total, line) => total + Number(line.split(' ').pop()), 0);
  return `acknowledged by Kafka ${sum(/^kafka_produced_messages_total\{.*asleep\.webhooks\.v1/)}, spooled ${sum(/^webhook_requests_total\{.*outcome="spooled"/)}`;
}

function report(rows: Figures[]): void {
  const bare = rows[0].perSecond;
  console.log(`\n${webhooks[0].body.length} B SESSION_COMPLETE bodies, ${CONNECTIONS} concurrent senders, ${DURATION} s each\n`);
  console.log('target                       webhooks/s   p50 ms   p99 ms   non-2xx   vs bare');
  for (const row of rows) {
    const cells = [row.perSecond.toFixed(0).padStart(10), String(row.p50).padStart(8), String(row.p99).padStart(8), String(row.failed).padStart(9)];
    console.log(`${row.name.padEnd(28)} ${cells.join(' ')}   ${(row.perSecond / bare).toFixed(2).padStart(6)}`);
  }
  const [, parseOnly, ingest] = rows;
  console.log('\ntargets:');
  console.log(`  parse-only route >= 0.8 of bare: ${(parseOnly.perSecond / bare).toFixed(2)}`);
  console.log(`  ingest >= 0.4 of bare (goal 0.5): ${(ingest.perSecond / bare).toFixed(2)}`);
  console.log(`  ingest p99 < 50 ms: ${ingest.p99} ms; non-2xx: ${ingest.failed}`);
}

async function main(): Promise<void> {
  const port = await freePort();
  const broker = await withBroker({ port, controllerPort: await freePort() });
  const stateDir = mkdtempSync(join(tmpdir(), 'ingest-bench-'));
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
    const parseOnly = await startProcess('apps/webhook-ingest/bench/parse-only.main.ts', { ...common, STATE_DIR: join(stateDir, 'parse') });
    started.push(parseOnly);
    await waitUntilServing(parseOnly, '/health/ready');
    const ingestEnv = { ...common, STATE_DIR: join(stateDir, 'ingest'), WEBHOOK_API_KEYS: `bench:${API_KEY}` };
    const ingestStarted = Date.now();
    const ingest = await startProcess('apps/webhook-ingest/src/main.ts', ingestEnv, PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    started.push(ingest);
    await waitUntilServing(ingest, '/health/ready');

    const rows = [await load('bare node:http (parse only)', bare)];
    rows.push(await load('ingest stack, parse-only', parseOnly));
    const loadStarted = Date.now();
    rows.push(await load('ingest (auth+validate+kafka)', ingest));
    report(rows);
    console.log(`  ${await acknowledged(ingest)}`);
    if (PROFILE) {
      await ingest.stop();
      const [file] = readdirSync(profileDir);
      console.log(`\nCPU profile of the ingest process under load:\n${summariseProfile(join(profileDir, file), loadStarted - ingestStarted)}`);
    }
  } finally {
    await Promise.all(started.map((target) => target.stop()));
    await broker.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
