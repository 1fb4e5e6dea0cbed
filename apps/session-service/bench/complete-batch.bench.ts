// CPU per SESSION_COMPLETE through the webhook batch handler and the outbox relay's claim, in this
// process and in the Postgres backends serving it, without Kafka: the part of catching up a backlog
// that is session-service's own work, measured apart from the broker and the other services. CPU
// per webhook does not depend on what else the machine runs; the wall-clock rate does.
// Env: NIGHTS (3000), BATCH (50, about what one fetch of a partition brings), TEST_PG_ADMIN_URL;
// PARTITIONS (1): streams of batches handled at the same time, as the consumer handles partitions;
// READ_PROBE (off): every 20 ms, one stored night read through a pool of its own, as the RPC
// reads, timed from the call to its answer (it costs this process some CPU: compare CPU without it).
// Run: SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register apps/session-service/bench/complete-batch.bench.ts
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateNight, nightDeliveries } from '@sleep/asleep-sim';
import { WebhookReceivedSchema } from '@sleep/contracts';
import { type ConsumedMessage, validateMessage } from '@sleep/messaging';
import type { BatchingProducer } from '@sleep/messaging';
import { z } from 'zod';
import { WebhookBatchHandler } from '../src/ingest/webhook-batch.handler';
import { type DatabaseHandle, openDatabase } from '@sleep/persistence';
import { SessionQueries } from '../src/rpc/session.queries';
import { openStore, silentLogger } from '../src/testing/store-fixture';
import { webhookMessage } from '../src/testing/webhook-messages';

const NIGHTS = Number(process.env['NIGHTS'] ?? 3000);
const BATCH = Number(process.env['BATCH'] ?? 50);
const PARTITIONS = Number(process.env['PARTITIONS'] ?? 1);
const READ_PROBE = !!process.env['READ_PROBE'];
const WebhookReceived = z.compile(WebhookReceivedSchema);
type Received = z.infer<typeof WebhookReceivedSchema>;

function rawWebhooks(): Buffer[] {
  return Array.from({ length: NIGHTS }, (_, i) => {
    const night = generateNight({
      userId: `bench-${i}`,
      date: '2025-03-10',
      timezone: 'UTC',
      kind: 'normal',
    });
    const delivery = nightDeliveries(night, { apiKey: 'bench', windowEpochs: 40 }).at(-1)!;
    const body = delivery.body as { data: { session: { id: string } } };
    const message = webhookMessage(
      'bench',
      night.userId,
      `${body.data.session.id}:SESSION_COMPLETE`,
      body,
    );
    return Buffer.from(message.value as string);
  });
}

/** CPU seconds (user + system) of a process, from /proc (Linux); 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds so far of each Postgres backend connected to the database (Postgres on this host). */
async function backendCpu(database: DatabaseHandle): Promise<Map<number, number>> {
  const rows = await database.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database()',
  );
  return new Map(rows.map(({ pid }) => [pid, cpuSeconds(pid)]));
}

async function main() {
  const raw = rawWebhooks();
  const store = await openStore('postgres');
  const noKafka = { publish: async () => undefined } as unknown as BatchingProducer;
  const handler = new WebhookBatchHandler(
    store.writer,
    noKafka,
    store.metrics,
    store.settings,
    silentLogger,
  );
  const relay = store.relay(noKafka);
  // Parsed as the consumer parses a fetch: all of it, then handed to the handler.
  const batchOf = (from: number) =>
    raw.slice(from, from + BATCH).map((value, i): ConsumedMessage<Received> => {
      const checked = validateMessage(WebhookReceived, 'asleep.webhooks.v1', {
        key: null,
        value,
      });
      if (!checked.ok) throw new Error(`invalid bench webhook: ${checked.deadLetter.reason}`);
      return {
        topic: 'asleep.webhooks.v1',
        partition: 0,
        offset: String(from + i),
        key: checked.value.key,
        value: checked.value,
        headers: {},
        timestamp: String(Date.now()),
        raw: value,
      };
    });
  const reads = READ_PROBE
    ? await openDatabase({ url: store.url!, schema: 'sessions', poolSize: 4 })
    : undefined;
  try {
    // A night to read, stored before the clock starts.
    const [probed] = batchOf(raw.length - 1);
    await handler.handle([probed]);
    const probeUser = probed.value.key;
    const probeSession = (probed.value.payload.data as { session: { id: string } }).session.id;
    const backendsBefore = await backendCpu(store.database);
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const cpu = process.cpuUsage();
    const threadCpu = process.threadCpuUsage();
    const started = performance.now();
    let done = false;
    const readTimes: number[] = [];
    const probe = async () => {
      if (!reads) return;
      const queries = new SessionQueries(reads);
      while (!done) {
        const asked = performance.now();
        await queries.night(probeUser, probeSession);
        readTimes.push(performance.now() - asked);
        await sleep(20);
      }
    };
    // The longest the event loop went without a turn, in CPU ms of this thread: unlike its delay
    // in wall time, not lengthened when other processes take the CPU from it.
    let longestBlockMs = 0;
    const blocks = async () => {
      if (!reads) return;
      let last = process.threadCpuUsage();
      while (!done) {
        await new Promise((resolve) => setImmediate(resolve));
        const now = process.threadCpuUsage();
        const ms = (now.user - last.user + now.system - last.system) / 1000;
        longestBlockMs = Math.max(longestBlockMs, ms);
        last = now;
      }
    };
    const probing = Promise.all([probe(), blocks()]);
    const perPartition = Math.ceil((raw.length - 1) / PARTITIONS / BATCH) * BATCH;
    const relaying = (async () => {
      while (!done) if ((await relay.relayOnce()) === 0) await store.signal.wait(500);
    })();
    await Promise.all(
      Array.from({ length: PARTITIONS }, async (_, p) => {
        const end = Math.min(raw.length - 1, (p + 1) * perPartition);
        for (let from = p * perPartition; from < end; from += BATCH)
          await handler.handle(batchOf(from).slice(0, end - from));
      }),
    );
    while ((await relay.relayOnce()) > 0);
    done = true;
    store.signal.wake();
    await Promise.all([probing, relaying]);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const usedHere = process.threadCpuUsage(threadCpu);
    loopDelay.disable();
    const cpuMs = (used.user + used.system) / 1000;
    const threadMs = (usedHere.user + usedHere.system) / 1000;
    let postgresMs = 0;
    for (const [pid, after] of await backendCpu(store.database))
      postgresMs += (after - (backendsBefore.get(pid) ?? 0)) * 1000;
    const nights = raw.length - 1;
    console.log(
      `${nights} SESSION_COMPLETE in batches of ${BATCH}, ${PARTITIONS} at a time: CPU ms per webhook ${(cpuMs / nights).toFixed(3)} in this process ` +
        `(${(threadMs / nights).toFixed(3)} on its main thread), ` +
        `${(postgresMs / nights).toFixed(3)} in Postgres; ${(nights / seconds).toFixed(0)} webhooks/s wall (${seconds.toFixed(1)} s)`,
    );
    const ms = (ns: number) => (ns / 1e6).toFixed(0);
    console.log(
      `event-loop delay p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms`,
    );
    if (reads) console.log(`longest event-loop block: ${longestBlockMs.toFixed(1)} CPU ms`);
    if (readTimes.length > 0) {
      const sorted = readTimes.sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
      console.log(
        `reads meanwhile (${sorted.length}): p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
      );
    }
  } finally {
    await reads?.close();
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
