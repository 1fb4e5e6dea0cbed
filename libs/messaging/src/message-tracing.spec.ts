import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { envelopeSchema } from '@sleep/contracts';
import { startTracing, traceLogFields, type Tracing } from '@sleep/observability';
import { uniqueGroupId, uniqueTopics, withBroker, type TestBroker } from '@sleep/testkit';
import type { Admin, Kafka } from 'kafkajs';
import { z } from 'zod';
import { BatchingProducer } from './batching-producer';
import { ConsumerHost } from './consumer-host';
import { ensureTopics } from './ensure-topics';
import { createKafka } from './kafka-client';
import type { ConsumedMessage } from './typed-consumer';

jest.setTimeout(60_000);

const PingSchema = envelopeSchema('ping', z.object({ n: z.number().int() }));
const ping = (n: number) =>
  JSON.stringify({
    eventId: `ping-${n}`,
    type: 'ping',
    version: 1,
    occurredAt: '2024-05-01T06:30:00.000Z',
    tenantId: 'tenant-1',
    key: 'user-1',
    payload: { n },
  });

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('trace context across a real broker', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: BatchingProducer;

  beforeAll(async () => {
    tracing = startTracing({ service: 'messaging-spec', exporter });
    broker = await withBroker({ port: 29194, controllerPort: 29195 });
    kafka = createKafka({ brokers: broker.brokers, clientId: 'trace-spec', logLevel: 'silent' });
    admin = kafka.admin();
    await admin.connect();
    producer = new BatchingProducer(kafka);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await broker?.stop();
    await tracing?.shutdown();
  });

  it('carries traceparent in the headers and handles the batch in a span of the same trace', async () => {
    const { topic, dlq } = uniqueTopics('trace', 1);
    await ensureTopics(admin, [topic, dlq]);
    const root = trace.getTracer('spec').startSpan('request');
    await context.with(trace.setSpan(context.active(), root), () =>
      producer.publish(topic.name, { key: 'user-1', value: ping(1) }),
    );
    root.end();

    const handled: ConsumedMessage<unknown>[] = [];
    let logFields: Record<string, string> = {};
    const host = new ConsumerHost({
      kafka,
      groupId: uniqueGroupId('trace'),
      topic,
      schema: PingSchema,
      dlq: producer,
      handleBatch: async (messages) => {
        handled.push(...messages);
        logFields = traceLogFields();
      },
    });
    host.start();
    try {
      await until(() => handled.length === 1);
    } finally {
      await host.stop();
    }

    const traceId = root.spanContext().traceId;
    expect(String(handled[0].headers['traceparent'])).toMatch(
      new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`),
    );
    const spans = exporter.getFinishedSpans();
    const send = spans.find((s) => s.name === `send ${topic.name}`)!;
    const processed = spans.find((s) => s.name === `process ${topic.name}`)!;
    expect(send.kind).toBe(SpanKind.PRODUCER);
    expect(send.spanContext().traceId).toBe(traceId);
    expect(send.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(processed.kind).toBe(SpanKind.CONSUMER);
    expect(processed.spanContext().traceId).toBe(traceId);
    expect(processed.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
    expect(processed.links.map((l) => l.context.spanId)).toEqual([send.spanContext().spanId]);
    // Log lines written by the handler name the batch's span.
    expect(logFields).toEqual({ trace_id: traceId, span_id: processed.spanContext().spanId });
  });

  it('leaves messages published outside any trace untouched', async () => {
    const { topic, dlq } = uniqueTopics('untraced', 1);
    await ensureTopics(admin, [topic, dlq]);
    exporter.reset();
    await producer.publish(topic.name, { key: 'user-1', value: ping(2) });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
