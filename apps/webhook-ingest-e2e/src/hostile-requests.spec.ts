import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import fc from 'fast-check';
import { Pool } from 'undici';
import { DeadLetterSchema, WebhookReceivedSchema } from '@sleep/contracts';
import { createKafka } from '@sleep/messaging';
import { brokenHttp, hostileRequests, type HostileRequest } from './support/hostile-requests';
import { startIngest, type IngestProcess } from './support/ingest-process';
import { readSince, topicEnds, type Received } from '@sleep/testkit';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 3_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const PATH = '/v1/webhooks/asleep';

/** Writes raw bytes and returns the status line's code, if the server answered one. */
function rawExchange(port: number, bytes: Uint8Array): Promise<number | undefined> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.setTimeout(3_000, () => socket.destroy());
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      resolve(status === undefined ? undefined : Number(status));
    });
  });
}

describe(`hostile requests against the running service (seed ${SEED})`, () => {
  const suffix = randomBytes(4).toString('hex');
  const ids = {
    apiKey: `sk-fuzz-${suffix}-0123456789`,
    userId: `G-20250301093015-Fuzz${suffix}`,
    stranger: `G-stranger-${suffix}`,
  };
  const tenant = `fuzz-${suffix}`;
  const kafka = createKafka({
    brokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    clientId: 'fuzz-e2e',
    logLevel: 'silent',
  });
  let ingest: IngestProcess | undefined;

  afterAll(async () => {
    await ingest?.stop('SIGKILL');
  });

  it(`answers ${RUNS} of them without a 5xx or a crash, and only authentic bodies reach Kafka`, async () => {
    ingest = await startIngest({
      WEBHOOK_API_KEYS: `${tenant}:${ids.apiKey}`,
      WEBHOOK_BODY_LIMIT_BYTES: '65536',
      LOG_LEVEL: 'warn',
    });
    const from = {
      main: await topicEnds(kafka, 'asleep.webhooks.v1'),
      dlq: await topicEnds(kafka, 'asleep.webhooks.dlq.v1'),
    };
    const requests = fc.sample(hostileRequests(ids), { numRuns: RUNS, seed: SEED });
    const pool = new Pool(ingest.url, { connections: 16 });
    const answers: { request: HostileRequest; status: number; body: string }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < requests.length) {
          const request = requests[next++];
          const response = await pool.request({
            method: 'POST',
            path: PATH,
            headers: request.headers,
            body: request.body,
          });
          answers.push({ request, status: response.statusCode, body: await response.body.text() });
        }
      }),
    );
    await pool.close();
    const raw = await Promise.all(
      fc
        .sample(brokenHttp(PATH), { numRuns: 200, seed: SEED })
        .map((bytes) => rawExchange(ingest!.port, bytes)),
    );

    // Failures are shown short: status, headers and the start of the body.
    const brief = (list: typeof answers) =>
      list.slice(0, 5).map(({ request, status, body }) => ({
        status,
        body,
        headers: request.headers,
        sent: String(request.body).slice(0, 120),
      }));
    expect(brief(answers.filter((answer) => answer.status >= 500))).toEqual([]);
    expect(raw.filter((status) => status !== undefined && status >= 500)).toEqual([]);
    expect(
      brief(answers.filter((answer) => !answer.request.authentic && answer.status !== 401)),
    ).toEqual([]);
    expect(brief(answers.filter((answer) => /at .+\.(ts|js):\d+/.test(answer.body)))).toEqual([]);
    expect(ingest.child.exitCode).toBeNull();
    expect((await fetch(`${ingest.managementUrl}/health/live`)).status).toBe(200);

    const accepted = answers.filter(
      (answer) => answer.status === 200 && answer.body.includes('"accepted"'),
    );
    const deadLettered = answers.filter((answer) => answer.body.includes('"dead-lettered"'));
    expect(accepted.every((answer) => answer.request.authentic)).toBe(true);
    expect(await ingest.metric('webhook_requests_total', { outcome: 'accepted' })).toBe(
      accepted.length,
    );
    expect(
      await ingest.metric('kafka_produced_messages_total', { topic: 'asleep.webhooks.v1' }),
    ).toBe(accepted.length);

    const ours = (value: string) => value.includes(tenant) || value.includes(ids.stranger);
    // Consumers of the shared topic dead-letter into the same DLQ; this service's letters carry x-tenant-id.
    const oursFromIngest = (m: Received) =>
      ours(m.value) && m.headers['x-source-offset'] === undefined;
    const main = await readSince(
      kafka,
      'asleep.webhooks.v1',
      from.main,
      (messages) => messages.filter((m) => ours(m.value)).length >= accepted.length,
    );
    const dlq = await readSince(
      kafka,
      'asleep.webhooks.dlq.v1',
      from.dlq,
      (messages) => messages.filter(oursFromIngest).length >= deadLettered.length,
    );
    const envelopes = main
      .filter((m) => ours(m.value))
      .map((m) => WebhookReceivedSchema.parse(JSON.parse(m.value)));
    expect(envelopes).toHaveLength(accepted.length);
    expect(
      envelopes.every((envelope) => envelope.tenantId === tenant && envelope.key === ids.userId),
    ).toBe(true);
    expect(
      dlq
        .filter((m) => m.headers['x-tenant-id'] !== undefined && ours(m.value))
        .every((m) => m.headers['x-tenant-id'] === tenant),
    ).toBe(true);
    const letters = dlq
      .filter(oursFromIngest)
      .map((m) => DeadLetterSchema.parse(JSON.parse(m.value)));
    expect(letters).toHaveLength(deadLettered.length);
    expect(
      letters.every((letter) => letter.tenantId === tenant && !letter.raw.includes(ids.stranger)),
    ).toBe(true);
  }, 180_000);
});
