// Ingestion benchmark: webhook events per second from the topic to committed rows, and the delay
// from publish to commit at a steady rate. Run: nx run session-service:bench
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchingProducer } from '@sleep/messaging';
import { createServiceApp, loadConfig } from '@sleep/service-kit';
import pino from 'pino';
import { AppModule } from '../src/app.module';
import { envSchema } from '../src/config';
import { WebhookBatchHandler } from '../src/ingest/webhook-batch.handler';
import { type BenchInfra, benchInfra } from './bench-infra';
import { benchMessages } from './synthetic-nights';

const NIGHTS = Number(process.env['BENCH_NIGHTS'] ?? 400);
const RATE = Number(process.env['BENCH_RATE'] ?? 500);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const infra = await benchInfra();
  try {
    await run(infra);
  } finally {
    await infra.stop();
  }
}

async function run(infra: BenchInfra) {
  console.log(`session-service ingest bench: ${infra.describe}`);
  const producer = new BatchingProducer(infra.kafka);
  // The topics are new, so a new group reads them from the start.
  const groupId = `session-bench-${Date.now()}`;

  // 1. Backlog: everything is on the topic before the service starts, so the figure is pure consumption.
  const backlog = benchMessages(NIGHTS);
  for (let i = 0; i < backlog.length; i += 2_000)
    await producer.publish(infra.topics.webhooks.name, backlog.slice(i, i + 2_000));
  console.log(`published ${backlog.length} webhook events (${NIGHTS} nights)`);

  const config = loadConfig(envSchema, {
    KAFKA_BROKERS: infra.brokers.join(','),
    DATABASE_URL: infra.databaseUrl,
    SESSION_GROUP_ID: groupId,
    LOG_LEVEL: 'silent',
    SESSION_RECOVERY_AFTER_MS: String(24 * 3_600_000),
  });
  const app = await createServiceApp({
    rootModule: AppModule.register(config, pino({ level: 'silent' }), { topics: infra.topics }),
  });
  let committed = 0;
  let firstCommit = 0;
  let lastCommit = 0;
  const delays: number[] = [];
  app.get(WebhookBatchHandler).onCommitted((timestamps, at) => {
    committed += timestamps.length;
    firstCommit ||= at;
    lastCommit = at;
    for (const t of timestamps) delays.push(at - t);
  });
  const startedAt = Date.now();
  await app.init();
  while (committed < backlog.length) await sleep(50);
  const seconds = (lastCommit - firstCommit) / 1000;
  console.log(
    `backlog: ${committed} events committed in ${seconds.toFixed(1)} s after the first commit ` +
      `(${(Date.now() - startedAt) / 1000} s with boot): ${Math.round(committed / seconds)} events/s sustained`,
  );

  // 2. Steady rate: publish RATE events per second for SECONDS seconds, a small batch every 10 ms.
  const steady = benchMessages(Math.ceil((RATE * SECONDS) / 98));
  const total = Math.min(steady.length, RATE * SECONDS);
  const perTick = RATE / 100;
  delays.length = 0;
  committed = 0;
  const began = performance.now();
  for (let sent = 0, tick = 0; sent < total; tick++) {
    const due = Math.min(total, Math.round((tick + 1) * perTick));
    void producer.publish(infra.topics.webhooks.name, steady.slice(sent, due));
    sent = due;
    const wait = began + (tick + 1) * 10 - performance.now();
    if (wait > 0) await sleep(wait);
  }
  while (committed < total) await sleep(50);
  const sorted = [...delays].sort((a, b) => a - b);
  console.log(
    `steady ${RATE} events/s for ${SECONDS} s (${total} events): publish-to-commit p50 ${percentile(sorted, 50)} ms, ` +
      `p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms`,
  );

  await app.close();
  await producer.disconnect();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
