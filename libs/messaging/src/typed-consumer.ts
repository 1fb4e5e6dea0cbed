import type { TopicSpec } from '@sleep/contracts';
import type { Consumer, ConsumerConfig, EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { ZodType } from 'zod';
import type { Publisher } from './batching-producer';
import { deadLetterMessage, refusedMessage, validateMessage } from './dead-letter';
import type { MessageVerifier } from './message-signature';
import { asAccessDenied, KafkaAccessDeniedError } from './kafka-access';
import type { LoggerLike } from './kafka-logger';
import { traceBatch } from './message-tracing';
import { consumerMetrics, type ConsumerMetrics } from './messaging.metrics';
import type { OutgoingMessage } from './outgoing-message';

export interface ConsumedMessage<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: T;
  headers: IHeaders;
  timestamp: string;
  /** The value's bytes as received, for a dead letter decided after validation. */
  raw: Buffer | null;
}

export interface BatchContext {
  topic: string;
  partition: number;
  /** Call during long work: a member silent for sessionTimeout is evicted and its partitions move. */
  heartbeat(): Promise<void>;
  /** False once stop() was called or the partition was reassigned: finish up quickly. */
  isRunning(): boolean;
}

export interface ConsumerOptions<T> {
  kafka: Kafka;
  groupId: string;
  /** The topic's spec; its `dlq` receives messages that fail JSON parsing or the schema. */
  topic: TopicSpec;
  schema: ZodType<T>;
  /** Resolve only once the work is durable: offsets are committed after this resolves. */
  handleBatch(messages: ConsumedMessage<T>[], context: BatchContext): Promise<void>;
  /** Where invalid messages go; `'skip'` logs and passes over them (a topic without a DLQ). */
  dlq: Publisher | 'skip';
  dlqTopic?: string;
  /** Where a group with no committed offset starts; the default replays the whole topic. */
  fromBeginning?: boolean;
  /**
   * False for a group of this replica alone (`replicaGroupId`): no one ever resumes from its
   * offsets, so committing them after every batch would only be work for the broker.
   */
  commitOffsets?: boolean;
  /** Backoff after a failed batch, doubling per consecutive failure of that partition. */
  retryBackoffMs?: { initial: number; max: number };
  consumerConfig?: Partial<ConsumerConfig>;
  /**
   * Partitions whose batches are handled at the same time (kafkajs' partitionsConsumedConcurrently,
   * default 1). Order within a partition is kept either way.
   */
  partitionsConcurrently?: number;
  logger?: LoggerLike;
  registry?: Registry;
  /** Messages without a value (a compacted topic's deletions) are passed over, not dead-lettered. */
  skipTombstones?: boolean;
  /**
   * A cheap look at a message's raw value before anything parses it: one it says no to is passed
   * over unread (not parsed, checked or dead-lettered). For a consumer that acts on one rare kind
   * of event of a busy topic, e.g. `(value) => value.includes('"sleep.session.deleted"')`.
   */
  wanted?(value: Buffer): boolean;
  /** After each batch that succeeded (also one with nothing valid): where the partition got to. */
  afterBatch?(position: { partition: number; lastOffset: string }): void;
  /**
   * Only messages signed by the topic's publisher are read: unsigned or forged ones go to the DLQ
   * with the reason (`unsigned`, `signature-invalid`) before anything parses them.
   */
  verifier?: MessageVerifier;
  /** Kafka refused this consumer after it started (an ACL was missing or revoked). */
  onRefused?(error: KafkaAccessDeniedError): void;
  /** kafkajs crashed the consumer and will not restart it (a non-retriable error): it is dead. */
  onGaveUp?(error: Error): void;
}

export class TypedConsumer<T> {
  private readonly consumer: Consumer;
  private readonly dlqTopic: string;
  private readonly metrics?: ConsumerMetrics;
  private readonly failures = new Map<number, number>();
  private readonly backoffTimers = new Set<NodeJS.Timeout>();
  private running = false;

  constructor(private readonly options: ConsumerOptions<T>) {
    const dlqTopic = options.dlqTopic ?? options.topic.dlq;
    if (!dlqTopic && options.dlq !== 'skip')
      throw new Error(`topic ${options.topic.name} declares no DLQ; pass dlqTopic`);
    this.dlqTopic = dlqTopic ?? '';
    this.metrics = options.registry ? consumerMetrics(options.registry) : undefined;
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 1_000,
      ...options.consumerConfig,
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      const fields = { err: payload.error, groupId: options.groupId, restart: payload.restart };
      options.logger?.error(
        fields,
        payload.restart ? 'kafka consumer crashed, restarting' : 'kafka consumer crashed',
      );
      if (payload.restart) return;
      this.running = false;
      const refused = asAccessDenied(payload.error, this.attempted);
      if (refused instanceof KafkaAccessDeniedError) options.onRefused?.(refused);
      else options.onGaveUp?.(payload.error);
    });
    // A rebalance may move a failing partition away: its failures are no longer ours.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => this.failures.clear());
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Partitions whose last batch the handler failed: paused now, retried after a backoff. */
  get failingPartitions(): number[] {
    return [...this.failures.keys()].sort((a, b) => a - b);
  }

  private get attempted(): string {
    return `consumer group ${this.options.groupId} reading ${this.options.topic.name}`;
  }

  /**
   * Resolves once the consumer joined its group and got its partitions. A refusal by the broker
   * (credentials, ACLs) rejects with a `KafkaAccessDeniedError` naming the group and topic.
   */
  async start(): Promise<void> {
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({
        topics: [this.options.topic.name],
        fromBeginning: this.options.fromBeginning ?? true,
      });
      this.running = true;
      await this.consumer.run({
        eachBatchAutoResolve: false,
        autoCommit: this.options.commitOffsets ?? true,
        partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 1,
        eachBatch: (payload) => this.onBatch(payload),
      });
    } catch (error) {
      this.running = false;
      throw asAccessDenied(error, this.attempted);
    }
  }

  /** Stops fetching, lets the batch in progress finish and commit, leaves the group. */
  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.backoffTimers) clearTimeout(timer);
    this.backoffTimers.clear();
    await this.consumer.disconnect();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, pause } = payload;
    const { topic, partition } = batch;
    const labels = { topic, group: this.options.groupId };
    const endTimer = this.metrics?.batchDuration.startTimer(labels);
    const valid: ConsumedMessage<T>[] = [];
    const dead: OutgoingMessage[] = [];
    let skipped = 0;
    for (const message of batch.messages) {
      if (
        message.value === null
          ? this.options.skipTombstones
          : this.options.wanted?.(message.value) === false
      ) {
        skipped += 1;
        continue;
      }
      const signature = this.options.verifier?.check(topic, message);
      const result =
        signature && !signature.ok
          ? {
              ok: false as const,
              deadLetter: refusedMessage(topic, message, signature.reason, signature.detail),
            }
          : validateMessage(this.options.schema, topic, message);
      if (result.ok) {
        const { offset, headers = {}, timestamp } = message;
        valid.push({
          topic,
          partition,
          offset,
          key: message.key?.toString('utf8') ?? null,
          value: result.value,
          headers,
          timestamp,
          raw: message.value,
        });
      } else {
        dead.push(
          deadLetterMessage(result.deadLetter, {
            key: message.key,
            partition,
            offset: message.offset,
          }),
        );
      }
    }
    try {
      // Dead letters first, awaited: an invalid message is skipped only once its copy is durable.
      if (dead.length > 0) await this.deadLetter(dead);
      if (valid.length > 0) {
        const batchTrace = { topic, partition, groupId: this.options.groupId, messages: valid };
        await traceBatch(batchTrace, () =>
          this.options.handleBatch(valid, {
            topic,
            partition,
            heartbeat,
            isRunning: () => isRunning() && !isStale(),
          }),
        );
      }
    } catch (error) {
      this.metrics?.handlerErrors.inc(labels);
      this.backOff(partition, pause, error as Error);
      endTimer?.();
      return;
    }
    this.failures.delete(partition);
    // The runner commits resolved offsets right after eachBatch returns (autoCommit), so the
    // commit always follows the handler's durable work. The last message's offset also covers
    // trailing control records (kafkajs runner).
    if (!isStale()) resolveOffset(batch.messages[batch.messages.length - 1].offset);
    this.metrics?.messages.inc({ ...labels, outcome: 'handled' }, valid.length);
    this.metrics?.messages.inc({ ...labels, outcome: 'dead-lettered' }, dead.length);
    this.metrics?.messages.inc({ ...labels, outcome: 'skipped' }, skipped);
    this.metrics?.lag.set({ ...labels, partition: String(partition) }, Number(batch.offsetLag()));
    this.options.afterBatch?.({ partition, lastOffset: batch.lastOffset() });
    endTimer?.();
  }

  private async deadLetter(dead: OutgoingMessage[]): Promise<void> {
    if (this.options.dlq !== 'skip') return this.options.dlq.publish(this.dlqTopic, dead);
    this.options.logger?.warn(
      { topic: this.options.topic.name, count: dead.length },
      'invalid messages skipped',
    );
  }

  /**
   * Nothing was resolved, so kafkajs fetches the same messages again. Pausing the partition for
   * a growing delay keeps a failing dependency from turning into a hot retry loop, while the
   * other partitions and the group heartbeat carry on.
   */
  private backOff(partition: number, pause: () => () => void, error: Error): void {
    const failures = (this.failures.get(partition) ?? 0) + 1;
    this.failures.set(partition, failures);
    const { initial, max } = this.options.retryBackoffMs ?? { initial: 500, max: 30_000 };
    const delayMs = Math.min(max, initial * 2 ** (failures - 1));
    this.options.logger?.warn(
      {
        err: error,
        topic: this.options.topic.name,
        partition,
        failures,
        delayMs,
        groupId: this.options.groupId,
      },
      'kafka batch failed; retrying after backoff',
    );
    const resume = pause();
    const timer = setTimeout(() => {
      this.backoffTimers.delete(timer);
      resume();
    }, delayMs);
    this.backoffTimers.add(timer);
  }
}

export async function runConsumer<T>(options: ConsumerOptions<T>): Promise<TypedConsumer<T>> {
  const consumer = new TypedConsumer(options);
  await consumer.start();
  return consumer;
}
