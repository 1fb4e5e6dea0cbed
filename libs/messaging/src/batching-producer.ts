import { CompressionTypes, type Kafka, type Producer, type RetryOptions } from 'kafkajs';
import { DefaultPartitioner } from '@sleep/kafkajs-patches';
import type { Registry } from 'prom-client';
import { asAccessDenied } from './kafka-access';
import type { KafkaCompression } from './kafka-compression';
import type { LoggerLike } from './kafka-logger';
import { producerMetrics, type ProducerMetrics } from './messaging.metrics';
import { tracingEnabled } from '@sleep/observability';
import { endSpan, tracePublish } from './message-tracing';
import { isValidOutgoing, sizeOf, type OutgoingMessage } from './outgoing-message';
import { ProducerClosedError, PublishTimeoutError } from './publish-errors';
import { takeBatch, toTopicMessages, type PendingPublish } from './publish-queue';

export interface Publisher {
  /** Resolves once Kafka acknowledged these messages on all in-sync replicas. */
  publish(topic: string, messages: OutgoingMessage | OutgoingMessage[]): Promise<void>;
}

export interface BatchingProducerOptions {
  maxBatchMessages?: number;
  /** Kept under the broker's default message.max.bytes (1 MiB) so one batch fits one request. */
  maxBatchBytes?: number;
  /** Rejects a publish with PublishTimeoutError after this long; unset waits for kafkajs's retries. */
  publishTimeoutMs?: number;
  /**
   * kafkajs retries an idempotent producer forever by default; bounded retries let outages
   * surface to callers (who answer 503 or spool). Defaults to 5 with the client's backoff.
   */
  retry?: RetryOptions;
  /**
   * Record batches go LZ4-compressed (`registerLz4Codec`) unless `none`: for the platform's large,
   * repetitive values, a night's arrays above all, the broker then checksums, stores and serves
   * about a ninth of the bytes.
   */
  compression?: KafkaCompression;
  registry?: Registry;
  logger?: LoggerLike;
}

/**
 * One idempotent producer per process. kafkajs loses or reorders messages when send() runs
 * concurrently on an idempotent producer (kafkajs issue #1005), so concurrent publishes are
 * queued and gathered into one sendBatch at a time.
 */
export class BatchingProducer implements Publisher {
  private producer: Producer;
  private connecting?: Promise<void>;
  private closing = false;
  private readonly queue: PendingPublish[] = [];
  private loop?: Promise<void>;
  private readonly maxMessages: number;
  private readonly maxBytes: number;
  private readonly metrics?: ProducerMetrics;
  private readonly compression: CompressionTypes;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: BatchingProducerOptions = {},
  ) {
    this.maxMessages = options.maxBatchMessages ?? 1_000;
    this.maxBytes = options.maxBatchBytes ?? 900_000;
    this.compression =
      options.compression === 'none' ? CompressionTypes.None : CompressionTypes.LZ4;
    this.metrics = options.registry ? producerMetrics(options.registry) : undefined;
    this.producer = this.createProducer();
  }

  /** Optional: the first batch connects too. Concurrent calls share one connection attempt. */
  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().then(
      () => undefined,
      (error: unknown) => {
        this.connecting = undefined;
        throw error;
      },
    );
    return this.connecting;
  }

  publish(topic: string, messages: OutgoingMessage | OutgoingMessage[]): Promise<void> {
    const list = Array.isArray(messages) ? messages : [messages];
    if (this.closing) return Promise.reject(new ProducerClosedError());
    // Rejected here so that one malformed message cannot fail a whole batch of other callers.
    if (!list.every(isValidOutgoing))
      return Promise.reject(new TypeError('message key and value must be Buffer, string or null'));
    if (list.length === 0) return Promise.resolve();
    const traced = tracingEnabled()
      ? tracePublish(topic, list)
      : { messages: list, span: undefined };
    return new Promise<void>((resolve, reject) => {
      const entry: PendingPublish = {
        topic,
        messages: traced.messages,
        bytes: traced.messages.reduce((sum, message) => sum + sizeOf(message), 0),
        startedAt: performance.now(),
        inFlight: false,
        settled: false,
        resolve,
        reject,
        span: traced.span,
      };
      if (this.options.publishTimeoutMs !== undefined) {
        entry.timer = setTimeout(() => this.timeOut(entry), this.options.publishTimeoutMs);
      }
      this.queue.push(entry);
      this.metrics?.queued.inc(list.length);
      // Deferring the first flush by one macrotask gathers every publish made in the same tick.
      this.loop ??= new Promise<void>((next) => setImmediate(next)).then(() => this.drain());
    });
  }

  /** Waits until everything queued so far was acknowledged or failed. */
  async flush(): Promise<void> {
    while (this.loop) await this.loop;
  }

  async disconnect(): Promise<void> {
    this.closing = true;
    await this.flush();
    if (this.connecting) await this.producer.disconnect();
    this.connecting = undefined;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = takeBatch(this.queue, this.maxMessages, this.maxBytes);
        this.metrics?.queued.dec(batch.reduce((sum, entry) => sum + entry.messages.length, 0));
        await this.sendNext(batch);
      }
    } finally {
      this.loop = undefined;
    }
  }

  private async sendNext(batch: PendingPublish[]): Promise<void> {
    for (const entry of batch) entry.inFlight = true;
    const topicMessages = toTopicMessages(batch);
    try {
      await this.connect();
      await this.producer.sendBatch({ topicMessages, acks: -1, compression: this.compression });
      this.metrics?.batches.inc({ outcome: 'ok' });
      for (const entry of batch) this.settle(entry);
    } catch (caught) {
      this.metrics?.batches.inc({ outcome: 'error' });
      const topics = topicMessages.map((t) => t.topic);
      const error = asAccessDenied(caught, `producing to ${topics.join(', ')}`) as Error;
      this.options.logger?.error({ err: error, topics }, 'kafka sendBatch failed');
      for (const entry of batch) this.settle(entry, error);
      await this.resetProducer();
    }
  }

  private settle(entry: PendingPublish, error?: Error): void {
    clearTimeout(entry.timer);
    if (entry.settled) return;
    entry.settled = true;
    endSpan(entry.span, error);
    const seconds = (performance.now() - entry.startedAt) / 1000;
    this.metrics?.latency.observe({ topic: entry.topic, outcome: error ? 'error' : 'ok' }, seconds);
    if (error) {
      this.metrics?.errors.inc({ topic: entry.topic, error: error.name });
      entry.reject(error);
    } else {
      this.metrics?.messages.inc({ topic: entry.topic }, entry.messages.length);
      entry.resolve();
    }
  }

  private timeOut(entry: PendingPublish): void {
    const index = this.queue.indexOf(entry);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.metrics?.queued.dec(entry.messages.length);
    }
    this.settle(
      entry,
      new PublishTimeoutError(entry.topic, this.options.publishTimeoutMs!, entry.inFlight),
    );
  }

  /**
   * After a failed send the idempotent producer's sequence numbers may disagree with the
   * broker's (the batch can have been written although the answer was lost), which kafkajs
   * reports as OUT_OF_ORDER_SEQUENCE_NUMBER on every later send. A new producer id starts clean.
   */
  private async resetProducer(): Promise<void> {
    const old = this.producer;
    this.producer = this.createProducer();
    this.connecting = undefined;
    await old.disconnect().catch(() => undefined);
  }

  private createProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: DefaultPartitioner,
      allowAutoTopicCreation: false,
      retry: this.options.retry ?? { retries: 5 },
    });
  }
}
