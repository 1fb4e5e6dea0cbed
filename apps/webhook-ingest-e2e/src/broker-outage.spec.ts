import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebhookReceivedSchema } from '@sleep/contracts';
import { startBroker, type BrokerHandle } from '@sleep/kafka-broker';
import { createKafka } from '@sleep/messaging';
import { accepted, send, streamOfNights } from './support/deliveries';
import { startIngest, until, type IngestProcess } from './support/ingest-process';
import { freePort, readSince } from '@sleep/testkit';

// A broker of its own: this test stops it, which must not disturb any other test.
describe('the broker stops in the middle of a stream of deliveries and comes back', () => {
  const apiKey = 'sk-outage-e2e-0123456789';
  const stateDir = mkdtempSync(join(tmpdir(), 'outage-broker-'));
  let port: number;
  let controllerPort: number;
  let broker: BrokerHandle | undefined;
  let ingest: IngestProcess | undefined;

  beforeAll(async () => {
    [port, controllerPort] = [await freePort(), await freePort()];
    broker = await startBroker({
      port,
      controllerPort,
      stateDir,
      heapMb: 512,
      log: () => undefined,
    });
    ingest = await startIngest({
      KAFKA_BROKERS: `127.0.0.1:${port}`,
      WEBHOOK_API_KEYS: `outage:${apiKey}`,
      WEBHOOK_PRODUCE_TIMEOUT_MS: '500',
    });
  }, 120_000);

  afterAll(async () => {
    await ingest?.stop('SIGKILL');
    await broker?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('loses nothing it answered 2xx: the spool takes over and is replayed in full', async () => {
    const deliveries = streamOfNights(6, apiKey);
    let outage: Promise<void> | undefined;
    let readyDuringOutage: unknown;
    const sent = await send(ingest!.webhookUrl, deliveries, 8, async (_sent, count) => {
      if (count === Math.floor(deliveries.length / 4)) {
        outage = (async () => {
          await broker!.stop();
          // Ingest learns of the outage from its next produce or connection: asked until it has.
          const deadline = Date.now() + 15_000;
          do {
            const response = await fetch(`${ingest!.managementUrl}/health/ready`);
            const { details } = (await response.json()) as {
              details: Record<string, { broker?: string }>;
            };
            readyDuringOutage = { status: response.status, kafka: details['kafka'] };
            if (details['kafka']?.broker === 'down') break;
            await new Promise((resolve) => setTimeout(resolve, 100));
          } while (Date.now() < deadline);
          broker = await startBroker({
            port,
            controllerPort,
            stateDir,
            heapMb: 512,
            keepData: true,
            log: () => undefined,
          });
        })();
      }
      // Keep the stream going through the outage, and some of it after the broker is back.
      if (count === Math.floor(deliveries.length / 2)) await outage;
    });
    await outage;

    expect(sent.filter((entry) => entry.status !== 200)).toEqual([]);
    expect(readyDuringOutage).toEqual({
      status: 200,
      kafka: { status: 'up', broker: 'down', spooling: true },
    });
    expect(await ingest!.metric('webhook_requests_total', { outcome: 'spooled' })).toBeGreaterThan(
      0,
    );
    await until(
      async () => (await ingest!.metric('webhook_spool_records')) === 0,
      60_000,
      'spool drained',
    );

    const expected = new Set(accepted(sent).map((entry) => entry.delivery.key));
    const kafka = createKafka({
      brokers: `127.0.0.1:${port}`,
      clientId: 'outage-e2e',
      logLevel: 'silent',
    });
    const seen = new Set<string>();
    await readSince(kafka, 'asleep.webhooks.v1', new Map(), (messages) => {
      for (const message of messages.splice(0))
        seen.add(WebhookReceivedSchema.parse(JSON.parse(message.value)).eventId);
      return [...expected].every((id) => seen.has(id));
    });
    expect([...expected].filter((id) => !seen.has(id))).toEqual([]);
    expect(expected.size).toBe(deliveries.length);
  }, 180_000);
});
