import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebhookReceivedSchema } from '@sleep/contracts';
import { sampleInferenceComplete, sampleUserId } from '@sleep/contracts/testing';
import { PublishTimeoutError, type OutgoingMessage, type Publisher } from '@sleep/messaging';
import { KEY_ACME, startIngest, type IngestFixture } from '../testing/ingest-fixture';
import { webhookEnvelope } from '../webhook/webhook-envelope';
import { Spool } from './spool';

jest.setTimeout(60_000);

/** Kafka as the webhook path sees it, switched off on demand: publishes then time out. */
class Switchable implements Publisher {
  down = false;
  constructor(private readonly real: Publisher) {}
  publish(topic: string, messages: OutgoingMessage | OutgoingMessage[]): Promise<void> {
    if (!this.down) return this.real.publish(topic, messages);
    return new Promise((_resolve, reject) =>
      setTimeout(() => reject(new PublishTimeoutError(topic, 50, false)), 50),
    );
  }
}

const headers = {
  'content-type': 'application/json',
  'x-api-key': KEY_ACME,
  'x-user-id': sampleUserId,
};
const window = (n: number) =>
  JSON.stringify({
    ...sampleInferenceComplete,
    data: { ...sampleInferenceComplete.data, seq_num: n * 10 + 9, inference_seq_num: n },
  });
const eventIds = (messages: { value: string | null }[]) =>
  messages.map((m) => WebhookReceivedSchema.parse(JSON.parse(m.value!)).eventId.split(':').pop());

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const readiness = async (ingest: IngestFixture) => {
  const response = await ingest.get('/health/ready');
  return { status: response.status, details: JSON.parse(response.body).details };
};

describe('the spool, with Kafka taken away from the webhook path', () => {
  let ingest: IngestFixture | undefined;
  let kafka: Switchable;
  afterEach(async () => {
    await ingest?.close();
    ingest = undefined;
  });

  it('answers 2xx from the spool while Kafka is away, then replays everything in order', async () => {
    ingest = await startIngest({ publisher: (real) => (kafka = new Switchable(real)) });
    const first = await ingest.post(window(0), headers);
    expect(first.status).toBe(200);
    // On a loaded machine the first produce can outlast the produce timeout and be spooled too.
    const early = JSON.parse(first.body).status === 'spooled' ? 1 : 0;
    kafka.down = true;
    for (let n = 1; n <= 12; n++) {
      const response = await ingest.post(window(n), headers);
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ status: 'spooled' });
    }
    const during = await readiness(ingest);
    expect(during.status).toBe(200);
    expect(during.details.spool).toMatchObject({ status: 'up', records: 12 + early });
    expect(during.details.kafka).toMatchObject({ status: 'up', spooling: true });
    expect(ingest.logs.filter((line) => line['outcome'] === 'spooled')).toHaveLength(12 + early);

    kafka.down = false;
    await until(async () => (await readiness(ingest!)).details.spool.records === 0);
    expect((await ingest.post(window(13), headers)).body).toMatch(/"accepted"/);
    const messages = await ingest.read(ingest.topics.topic, 14);
    expect(eventIds(messages)).toEqual(Array.from({ length: 14 }, (_, n) => String(n)));
    expect((await ingest.get('/metrics')).body).toMatch(
      new RegExp(`^webhook_spool_replayed_total\\S* ${12 + early}$`, 'm'),
    );
  });

  it('answers 503 with retry-after once the spool is full, and is not ready', async () => {
    ingest = await startIngest({
      publisher: (real) => (kafka = new Switchable(real)),
      ingest: { spoolMaxBytes: 4_000 },
    });
    kafka.down = true;
    const statuses: number[] = [];
    for (let n = 0; n < 8; n++) statuses.push((await ingest.post(window(n), headers)).status);
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses.slice(-1)).toEqual([503]);
    const refused = await ingest.post(window(9), headers);
    expect(refused).toMatchObject({ status: 503, body: '{"error":"unavailable"}' });
    expect(refused.headers['retry-after']).toBe('5');
    const ready = await readiness(ingest);
    expect(ready.status).toBe(503);
    expect(ready.details.spool).toMatchObject({ status: 'down', full: true });
  });

  it('answers 503 when the spool cannot be written', async () => {
    ingest = await startIngest({ publisher: (real) => (kafka = new Switchable(real)) });
    rmSync(ingest.spoolDir, { recursive: true });
    writeFileSync(ingest.spoolDir, 'the disk went read-only');
    kafka.down = true;
    expect(await ingest.post(window(1), headers)).toMatchObject({
      status: 503,
      body: '{"error":"unavailable"}',
    });
    expect((await readiness(ingest)).details.spool).toMatchObject({
      status: 'down',
      writable: false,
    });
    expect(
      ingest.logs.some((line) => line['outcome'] === 'unavailable' && line['status'] === 503),
    ).toBe(true);
  });

  it('replays at boot what an earlier run spooled', async () => {
    const first = await startIngest();
    const { topic } = first.topics;
    const spoolDir = first.spoolDir;
    await first.app.close();
    const { spool } = await Spool.open({ dir: spoolDir, maxBytes: 1_000_000 });
    const receipt = { tenantId: 'acme', userId: sampleUserId, receivedAt: new Date() };
    for (let n = 0; n < 3; n++)
      await spool.append(
        webhookEnvelope(topic, receipt, `s:INFERENCE_COMPLETE:${n}`, Buffer.from(window(n))),
      );
    await spool.close();

    ingest = await startIngest({ ingest: { spoolDir, topic } });
    const messages = await ingest.read(topic, 3);
    expect(eventIds(messages)).toEqual(['0', '1', '2']);
    await until(async () => (await readiness(ingest!)).details.spool.records === 0);
    await ingest.close();
    ingest = undefined;
    // The first run's folder, kept for its spool until now.
    rmSync(join(spoolDir, '..'), { recursive: true, force: true });
  });
});
