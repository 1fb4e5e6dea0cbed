import { generateNight, nightDeliveries } from '@sleep/asleep-sim';
import { Topics } from '@sleep/contracts';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import {
  collectFrom,
  startApp,
  topicEnds,
  waitForStatus,
  type AppProcess,
  type TopicCollector,
} from '@sleep/testkit';
import { freshUserId } from '../session-service/support/night-stream';
import {
  freshGroup,
  startSessionService,
  testKafka,
} from '../session-service/support/session-service-process';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver';

const API_KEY = 'sk-trace-e2e-0123456789';

async function until<T>(read: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('one webhook, one trace: ingest, broker, session-service, outbox', () => {
  let receiver: OtlpReceiver;
  let database: TestDatabase;
  let ingest: AppProcess;
  let sessions: AppProcess;
  let events: TopicCollector;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    database = await createTestDatabase('trace_e2e');
    const kafka = testKafka('trace-e2e');
    const groupId = await freshGroup(kafka, 'trace-e2e');
    events = await collectFrom(
      kafka,
      Topics.sleepSessions.name,
      await topicEnds(kafka, Topics.sleepSessions.name),
    );
    const tracingEnv = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    [ingest, sessions] = await Promise.all([
      startApp('webhook-ingest', {
        ...tracingEnv,
        WEBHOOK_API_KEYS: `trace:${API_KEY}`,
        LOG_LEVEL: 'info',
      }),
      startSessionService({
        ...tracingEnv,
        DATABASE_URL: database.url,
        SESSION_GROUP_ID: groupId,
      }),
    ]);
    await waitForStatus(ingest, '/health/ready', 200, 60_000);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([ingest?.stop('SIGTERM'), sessions?.stop('SIGTERM')]);
    await events?.stop();
    await database?.drop();
    await receiver?.stop();
  });

  it('exports the hops as spans of a single trace, and the published event carries it', async () => {
    const night = generateNight({ userId: freshUserId(), date: '2025-03-12', seed: 7 });
    const delivery = nightDeliveries(night, { apiKey: API_KEY }).find(
      (d) => d.event === 'INFERENCE_COMPLETE',
    )!;
    const response = await fetch(`${ingest.url}/v1/webhooks/asleep`, {
      method: 'POST',
      headers: { ...delivery.headers, 'content-type': 'application/json' },
      body: JSON.stringify(delivery.body),
    });
    expect(response.status).toBe(200);

    // Suites running beside this one share the topics, so this session-service also relays their
    // webhooks: the trace is the one rooted at this test's only request to this ingest.
    const traceId = (
      await until(() => receiver.spans.find((s) => s.name === 'POST /v1/webhooks/asleep'))
    ).traceId;
    const relayed = await until(() =>
      receiver.spans.find(
        (s) => s.traceId === traceId && s.name === `outbox publish ${Topics.sleepSessions.name}`,
      ),
    );
    // Each process exports on its own schedule: wait until every hop's span has arrived.
    const hops = [
      'POST /v1/webhooks/asleep',
      `send ${Topics.asleepWebhooks.name}`,
      `process ${Topics.asleepWebhooks.name}`,
    ];
    const inTrace = await until(() => {
      const spans = receiver.spans.filter((s) => s.traceId === traceId);
      return hops.every((name) => spans.some((s) => s.name === name)) ? spans : undefined;
    });
    const byName = (name: string) => inTrace.find((s) => s.name === name);
    const http = byName('POST /v1/webhooks/asleep');
    const send = byName(`send ${Topics.asleepWebhooks.name}`);
    const processed = byName(`process ${Topics.asleepWebhooks.name}`);

    expect(http).toMatchObject({ service: 'webhook-ingest' });
    expect(http?.parentSpanId || undefined).toBeUndefined();
    expect(send).toMatchObject({ service: 'webhook-ingest', parentSpanId: http?.spanId });
    expect(processed).toMatchObject({ service: 'session-service', parentSpanId: send?.spanId });
    expect(relayed).toMatchObject({ service: 'session-service', parentSpanId: processed?.spanId });
    // Session-services of other suites on this broker may also store the webhook and publish
    // their own (untraced) event for the user: the one of this trace must be among them.
    const event = await until(() =>
      events.messages.find(
        (m) =>
          m.key === night.userId &&
          String(m.headers['traceparent']).includes(`-${traceId}-${relayed.spanId}-`),
      ),
    );
    expect(event.key).toBe(night.userId);
    // The webhook's log line names the request's span.
    expect(ingest.output()).toContain(`"trace_id":"${traceId}","span_id":"${http?.spanId}"`);
  }, 60_000);
});
