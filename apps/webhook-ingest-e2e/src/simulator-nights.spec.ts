import { randomBytes } from 'node:crypto';
import { generateNight, playNights } from '@sleep/asleep-sim';
import { WebhookReceivedSchema } from '@sleep/contracts';
import { createKafka } from '@sleep/messaging';
import { startIngest, type IngestProcess } from './support/ingest-process';
import { readSince, topicEnds } from '@sleep/testkit';

describe("the Asleep simulator's webhook player against the running service", () => {
  const keys = { acme: 'sk-sim-acme-0123456789', globex: 'sk-sim-globex-9876543210' };
  const kafka = createKafka({
    brokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    clientId: 'sim-e2e',
    logLevel: 'silent',
  });
  let ingest: IngestProcess | undefined;

  beforeAll(async () => {
    ingest = await startIngest({ WEBHOOK_API_KEYS: `acme:${keys.acme},globex:${keys.globex}` });
  }, 90_000);
  afterAll(async () => {
    await ingest?.stop('SIGKILL');
  });

  it.each(['V3', 'V2'] as const)(
    'takes every %s delivery of real nights, each tenant by its own key, with duplicates',
    async (version) => {
      const tag = randomBytes(3).toString('hex');
      const nights = [0, 1, 2, 3].map((n) =>
        generateNight({
          userId: `G-20250301093015-Sim${version}${tag}${n}`,
          date: '2025-03-11',
          kind: 'normal',
          seed: n,
        }),
      );
      const tenantOf = (userId: string) =>
        userId.endsWith('0') || userId.endsWith('2') ? 'acme' : 'globex';
      const from = await topicEnds(kafka, 'asleep.webhooks.v1');
      const report = await playNights({
        webhookUrl: ingest!.webhookUrl,
        nights,
        apiKey: (night) => keys[tenantOf(night.userId)],
        version,
        concurrency: 8,
        duplicates: 0.05,
        seed: 7,
      });
      expect(report.failed).toBe(0);
      expect(Object.keys(report.statuses)).toEqual(['200']);

      const users = new Set(nights.map((night) => night.userId));
      const expected = new Set(report.records.map((record) => record.key));
      const seen = new Map<string, string>();
      const ours = await readSince(kafka, 'asleep.webhooks.v1', from, (messages) => {
        for (const message of messages.filter((m) => users.has(m.key ?? ''))) {
          const envelope = WebhookReceivedSchema.parse(JSON.parse(message.value));
          seen.set(envelope.eventId, envelope.tenantId);
        }
        return [...expected].every((id) => seen.has(id));
      });
      expect([...expected].filter((id) => !seen.has(id))).toEqual([]);
      for (const message of ours.filter((m) => users.has(m.key ?? ''))) {
        expect(JSON.parse(message.value).key).toBe(message.key);
      }
      for (const record of report.records)
        expect(seen.get(record.key)).toBe(tenantOf(record.userId));
    },
    60_000,
  );
});
