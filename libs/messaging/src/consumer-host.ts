import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { KafkaAccessDeniedError } from './kafka-access';
import type { LoggerLike } from './kafka-logger';
import { type ConsumerOptions, TypedConsumer } from './typed-consumer';

/** Where a hosted consumer reports readiness; service-kit's `ReadinessChecks` fits. */
export interface ReadinessRegistry {
  add(name: string, check: () => Promise<boolean>): void;
}

export interface ConsumerHostStatus {
  /** Joined its group and fetching. */
  ready: boolean;
  /** Ready, and the handler's last attempt succeeded on every partition. */
  healthy: boolean;
  /** Partitions whose batch the handler failed; they are paused, retried after a backoff. */
  failingPartitions: number[];
  /** Set when Kafka refused the consumer (credentials or ACLs): it does not retry. */
  refused?: string;
}

/**
 * The one way to consume a topic: a `TypedConsumer` (zod validation, DLQ with the reason for
 * invalid messages, metrics, lag, commit only after the handler resolved, bounded backoff for a
 * failing handler) plus the process concerns around it: joining in the background with retries,
 * ready/healthy state, graceful stop.
 */
export class ConsumerHost<T> {
  private consumer?: TypedConsumer<T>;
  private joined = false;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private refusal?: KafkaAccessDeniedError;

  /**
   * `onRefused` runs once when Kafka refuses the consumer (a missing ACL, wrong credentials):
   * waiting cannot fix that, so it is not retried; a Nest service exits with the message.
   */
  constructor(
    private readonly options: ConsumerOptions<T>,
    private readonly logger?: LoggerLike,
    private readonly restartDelayMs = 2_000,
    private readonly onRefused?: (error: KafkaAccessDeniedError) => void,
  ) {}

  /** Joins in the background and keeps retrying until it has; see `ready`. */
  start(): void {
    void this.run();
  }

  /** One attempt to join, for callers that must not go on without the consumer: throws on failure. */
  async join(): Promise<void> {
    const consumer: TypedConsumer<T> = new TypedConsumer({
      ...this.options,
      onRefused: (error) => this.refuse(error),
      onGaveUp: (error) => this.rejoinAfter(consumer, error),
    });
    this.consumer = consumer;
    await consumer.start();
    this.joined = true;
  }

  get ready(): boolean {
    return this.joined && !!this.consumer?.isRunning;
  }

  /**
   * False while the handler keeps failing (e.g. its database is down): nothing of those batches is
   * committed or dead-lettered, they are retried with backoff until the handler succeeds again.
   */
  get healthy(): boolean {
    return this.ready && this.consumer!.failingPartitions.length === 0;
  }

  status(): ConsumerHostStatus {
    return {
      ready: this.ready,
      healthy: this.healthy,
      failingPartitions: this.consumer?.failingPartitions ?? [],
      ...(this.refusal && { refused: this.refusal.message }),
    };
  }

  private refuse(error: KafkaAccessDeniedError): void {
    if (this.refusal) return;
    this.refusal = error;
    this.options.onRefused?.(error);
    this.onRefused?.(error);
  }

  /**
   * kafkajs gives up on a consumer after a non-retriable error (seen when a broker restarts while
   * the group coordinator is still loading): left alone, the service would stay unready for good.
   */
  private rejoinAfter(consumer: TypedConsumer<T>, error: Error): void {
    if (this.stopped || consumer !== this.consumer) return;
    this.joined = false;
    this.logger?.error(
      { err: error, groupId: this.options.groupId },
      'kafka gave up on the consumer; joining again',
    );
    void consumer.stop().catch(() => undefined);
    this.retryTimer = setTimeout(() => void this.run(), this.restartDelayMs);
  }

  /** Stops fetching, lets the batch in flight finish and commit, leaves the group. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.consumer?.stop();
  }

  private async run(): Promise<void> {
    try {
      await this.join();
      this.logger?.info(
        { groupId: this.options.groupId, topic: this.options.topic.name },
        'consumer joined its group',
      );
    } catch (error) {
      await this.consumer?.stop().catch(() => undefined);
      if (error instanceof KafkaAccessDeniedError) {
        this.logger?.error({ err: error, groupId: this.options.groupId }, error.message);
        return this.refuse(error);
      }
      this.logger?.error(
        { err: error, groupId: this.options.groupId },
        'consumer could not start; retrying',
      );
      if (!this.stopped) this.retryTimer = setTimeout(() => void this.run(), this.restartDelayMs);
    }
  }
}

/**
 * A `ConsumerHost` as a Nest provider: joins after the application booted, reports readiness under
 * `name`, stops (in-flight batch committed) when the modules are destroyed. Subclass it, pass the
 * consumer's options to `super`, and keep the handling in a handler of its own.
 */
export abstract class HostedConsumer<T> implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly host: ConsumerHost<T>;

  protected constructor(
    private readonly name: string,
    options: ConsumerOptions<T>,
    private readonly readiness?: ReadinessRegistry,
  ) {
    this.host = new ConsumerHost(options, options.logger, undefined, (error) =>
      exitRefused(error, options.logger),
    );
  }

  /** What readiness reports: joined by default. */
  protected isReady(): boolean {
    return this.host.ready;
  }

  get healthy(): boolean {
    return this.host.healthy;
  }

  status(): ConsumerHostStatus {
    return this.host.status();
  }

  onApplicationBootstrap(): void | Promise<void> {
    this.readiness?.add(this.name, async () => this.isReady());
    this.host.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.host.stop();
  }
}

/**
 * A service whose consumer Kafka refuses cannot do its job, and no retry helps: it says why
 * and exits 1 (through the graceful shutdown), so the refusal shows instead of a stuck readiness.
 */
export function exitRefused(error: KafkaAccessDeniedError, logger?: LoggerLike): void {
  logger?.error({ err: error }, `${error.message}; exiting`);
  process.exitCode = 1;
  // Once the service runs, its SIGTERM handler drains and exits with that code; still booting,
  // there is nothing to drain.
  if (process.listenerCount('SIGTERM') > 0) process.kill(process.pid, 'SIGTERM');
  else process.exit(1);
}
