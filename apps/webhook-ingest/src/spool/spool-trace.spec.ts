import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  BatchingProducer,
  createKafka,
  type OutgoingMessage,
  type Publisher,
} from '@sleep/messaging';
import { startTracing, traceContextOf, type Tracing } from '@sleep/observability';
import { readAll } from '@sleep/testkit';
import { DurableWriter } from '../durability/durable-writer';
import { Spool } from './spool';
import { SpoolReplayer } from './spool-replayer';

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

/** The real producer behind a switch: off, it fails as a timed-out publish would. */
class SwitchedKafka implements Publisher {
  up = false;
  constructor(private readonly producer: BatchingProducer) {}
  publish(topic: string, messages: OutgoingMessage | OutgoingMessage[]): Promise<void> {
    if (!this.up) return Promise.reject(new Error('broker unavailable'));
    return this.producer.publish(topic, messages);
  }
}

// A webhook answered while Kafka was away reaches Kafka later, from the spool, in its own trace.
describe('spooled webhooks keep their trace context, against the real broker', () => {
  const kafka = createKafka({
    brokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    clientId: 'spool-trace-spec',
    logLevel: 'silent',
  });
  const topic = `spool-trace-${randomUUID().slice(0, 8)}.v1`;
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let dir: string;
  let spool: Spool;
  let producer: BatchingProducer;

  beforeAll(async () => {
    tracing = startTracing({ service: 'spool-trace-spec', exporter });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    dir = mkdtempSync(join(tmpdir(), 'spool-trace-'));
    spool = (await Spool.open({ dir, maxBytes: 10_000_000 })).spool;
    producer = new BatchingProducer(kafka);
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await spool?.close();
    await tracing?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the traceparent with the spooled record and sends it on replay', async () => {
    const kafkaSwitch = new SwitchedKafka(producer);
    const replayer = new SpoolReplayer(spool, kafkaSwitch, silent, {
      backoffMs: { initial: 20, max: 50 },
    });
    const writer = new DurableWriter(kafkaSwitch, spool, replayer, silent);
    const span = trace.getTracer('spec').startSpan('POST /v1/webhooks/asleep');
    const traced = { topic, key: 'user-1', value: Buffer.from('{"n":1}') };
    const durability = await context.with(trace.setSpan(context.active(), span), () =>
      writer.write(traced),
    );
    span.end();
    // Outside any trace: stored and replayed without a traceparent, as before.
    await writer.write({ topic, key: 'user-2', value: Buffer.from('{"n":2}') });
    expect(durability).toBe('spool');
    expect(spool.records).toBe(2);

    kafkaSwitch.up = true;
    await expect(replayer.flush(30_000)).resolves.toBe(0);

    const messages = await readAll(kafka, topic, { expected: 2 });
    const byKey = new Map(messages.map((message) => [message.key, message]));
    const replayed = trace.getSpanContext(traceContextOf(byKey.get('user-1')?.headers));
    expect(replayed?.traceId).toBe(span.spanContext().traceId);
    expect(replayed?.spanId).toBe(span.spanContext().spanId);
    expect(byKey.get('user-2')?.headers['traceparent']).toBeUndefined();
  }, 60_000);
});
