// CPU per SESSION_COMPLETE through the webhook batch handler and the outbox relay's claim, in this
// process and in the Postgres backends serving it, without Kafka: the part of catching up a backlog
// that is session-service's own work, measured apart from the broker and the other services. CPU
// per webhook does not depend on what else the machine runs; the wall-clock rate does.
// Env: NIGHTS (3000), BATCH (50, about what one fetch of a partition brings), TEST_PG_ADMIN_URL.
// Run: SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register apps/session-service/bench/complete-batch.bench.ts
import { readFileSync } from 'node:fs';
import { generateNight, nightDeliveries } from '@sleep/asleep-sim';
import { WebhookReceivedSchema } from '@sleep/contracts';
import { type ConsumedMessage, validateMessage } from '@sleep/messaging';
import type { BatchingProducer } from '@sleep/messaging';
import { z } from 'zod';
import { WebhookBatchHandler } from '../src/ingest/webhook-batch.handler';
import type { DatabaseHandle } from '@sleep/persistence';
import { openStore, silentLogger } from '../src/testing/store-fixture';
import { webhookMessage } from '../src/testing/webhook-messages';

const NIGHTS = Number(process.env['NIGHTS'] ?? 3000);
const BATCH = Number(process.env['BATCH'] ?? 50);
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
  try {
    const backendsBefore = await backendCpu(store.database);
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let from = 0; from < raw.length; from += BATCH) {
      const batch = raw.slice(from, from + BATCH).map((value, i): ConsumedMessage<Received> => {
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
      await handler.handle(batch);
      while ((await relay.relayOnce()) > 0);
    }
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    let postgresMs = 0;
    for (const [pid, after] of await backendCpu(store.database))
      postgresMs += (after - (backendsBefore.get(pid) ?? 0)) * 1000;
    console.log(
      `${NIGHTS} SESSION_COMPLETE in batches of ${BATCH}: CPU ms per webhook ${(cpuMs / NIGHTS).toFixed(3)} in this process, ` +
        `${(postgresMs / NIGHTS).toFixed(3)} in Postgres; ${(NIGHTS / seconds).toFixed(0)} webhooks/s wall (${seconds.toFixed(1)} s)`,
    );
  } finally {
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
