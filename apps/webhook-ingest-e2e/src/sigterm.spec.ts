import { WebhookReceivedSchema } from '@sleep/contracts';
import { createKafka } from '@sleep/messaging';
import { accepted, send, streamOfNights } from './support/deliveries';
import { startIngest, type IngestProcess } from './support/ingest-process';
import { readSince, topicEnds } from '@sleep/testkit';

describe('SIGTERM in the middle of a stream of deliveries', () => {
  const apiKey = 'sk-sigterm-e2e-0123456789';
  const kafka = createKafka({
    brokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    clientId: 'sigterm-e2e',
    logLevel: 'silent',
  });
  let ingest: IngestProcess | undefined;

  afterAll(async () => {
    await ingest?.stop('SIGKILL');
  });

  it('stops taking work, answers what is in flight, flushes, exits 0, and loses nothing it answered 2xx', async () => {
    ingest = await startIngest({ WEBHOOK_API_KEYS: `sigterm:${apiKey}` });
    const from = await topicEnds(kafka, 'asleep.webhooks.v1');
    const deliveries = streamOfNights(8, apiKey);
    let signalled = false;
    const sent = await send(
      ingest.webhookUrl,
      deliveries,
      16,
      (_sent, count) => {
        if (count === 200 && !signalled) {
          signalled = true;
          ingest!.child.kill('SIGTERM');
        }
      },
      () => ingest!.child.exitCode !== null,
    );
    const exit = await ingest.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(ingest.output()).toMatch(/shutting down/);

    const answered = accepted(sent);
    expect(answered.length).toBeGreaterThanOrEqual(200);
    // Whatever came after the signal was refused (503) or found no listener, never half-taken.
    expect(
      sent.every((entry) => entry.status === 200 || entry.status === 503 || entry.status === 0),
    ).toBe(true);

    const users = new Set(deliveries.map((delivery) => delivery.userId));
    const expected = new Set(answered.map((entry) => entry.delivery.key));
    const seen = new Set<string>();
    await readSince(kafka, 'asleep.webhooks.v1', from, (messages) => {
      for (const message of messages.splice(0)) {
        if (users.has(message.key ?? ''))
          seen.add(WebhookReceivedSchema.parse(JSON.parse(message.value)).eventId);
      }
      return [...expected].every((id) => seen.has(id));
    });
    expect([...expected].filter((id) => !seen.has(id))).toEqual([]);
  }, 120_000);
});
