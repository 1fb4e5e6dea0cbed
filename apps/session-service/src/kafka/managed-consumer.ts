import { type ConsumerOptions, TypedConsumer } from '@sleep/messaging';
import type { Logger } from 'pino';

/**
 * A typed consumer owned by a Nest provider: started after boot and retried until it joins its
 * group, ready only once joined, stopped (in-flight batch committed) on shutdown.
 */
export class ManagedConsumer<T> {
  private consumer?: TypedConsumer<T>;
  private joined = false;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly options: ConsumerOptions<T>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.run();
  }

  get ready(): boolean {
    return this.joined && !!this.consumer?.isRunning;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.consumer?.stop();
  }

  private async run(): Promise<void> {
    const consumer = new TypedConsumer(this.options);
    this.consumer = consumer;
    try {
      await consumer.start();
      this.joined = true;
      this.logger.info(
        { groupId: this.options.groupId, topic: this.options.topic.name },
        'consumer joined its group',
      );
    } catch (error) {
      this.logger.error(
        { err: error, groupId: this.options.groupId },
        'consumer could not start; retrying',
      );
      await consumer.stop().catch(() => undefined);
      if (!this.stopped) this.retryTimer = setTimeout(() => void this.run(), 2_000);
    }
  }
}
