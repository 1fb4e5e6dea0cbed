import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

// Several producers or consumers may share one registry: reuse a metric registered earlier.
export function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
) {
  return (
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}

export function gauge<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
) {
  return (
    (registry.getSingleMetric(name) as Gauge<L> | undefined) ??
    new Gauge({ name, help, labelNames, registers: [registry] })
  );
}

export function histogram<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
  buckets: number[],
) {
  return (
    (registry.getSingleMetric(name) as Histogram<L> | undefined) ??
    new Histogram({ name, help, labelNames, buckets, registers: [registry] })
  );
}

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function producerMetrics(registry: Registry) {
  return {
    latency: histogram(
      registry,
      'kafka_produce_duration_seconds',
      'Time from publish() to the broker acknowledging the messages (acks=all)',
      ['topic', 'outcome'],
      LATENCY_BUCKETS,
    ),
    messages: counter(registry, 'kafka_produced_messages_total', 'Messages acknowledged by Kafka', [
      'topic',
    ]),
    batches: counter(registry, 'kafka_produce_batches_total', 'sendBatch calls, by outcome', [
      'outcome',
    ]),
    errors: counter(registry, 'kafka_produce_errors_total', 'Publishes that failed, by error', [
      'topic',
      'error',
    ]),
    queued: gauge(
      registry,
      'kafka_produce_queued_messages',
      'Messages waiting for the next batch',
      [],
    ),
  };
}
export type ProducerMetrics = ReturnType<typeof producerMetrics>;

export function consumerMetrics(registry: Registry) {
  return {
    messages: counter(registry, 'kafka_consumed_messages_total', 'Messages consumed, by outcome', [
      'topic',
      'group',
      'outcome',
    ]),
    batchDuration: histogram(
      registry,
      'kafka_consume_batch_duration_seconds',
      'Time to validate, handle and dead-letter one fetched batch',
      ['topic', 'group'],
      LATENCY_BUCKETS,
    ),
    handlerErrors: counter(
      registry,
      'kafka_consume_handler_errors_total',
      'Batches whose handler failed',
      ['topic', 'group'],
    ),
    lag: gauge(
      registry,
      'kafka_consumer_lag',
      'Messages behind the partition end after the last batch',
      ['topic', 'group', 'partition'],
    ),
  };
}
export type ConsumerMetrics = ReturnType<typeof consumerMetrics>;
