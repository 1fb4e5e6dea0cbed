import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { BatchingProducer, KAFKA_CLIENT, type Kafka, TypedConsumer } from '@sleep/messaging';
import { METRICS_REGISTRY, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ANALYTICS_SETTINGS, type AnalyticsSettings } from '../analytics.settings';
import { UserEventsHandler } from '../users/user-events.handler';
import { SessionEventsHandler } from './session-events.handler';
import { SessionTopicMessageSchema, UserTopicMessageSchema } from './session-topic.schema';

/**
 * Every consumer of the service, in one place: `<group>.sessions` on `sleep.sessions.v1` (facts)
 * and `<group>.users` on `sleep.users.v1` (profiles, user deletion). Each starts after boot, is
 * retried until it joins, and counts as ready only once joined.
 */
@Injectable()
export class AnalyticsConsumers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumers: TypedConsumer<unknown>[] = [];
  private readonly joined = new Set<string>();
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(ANALYTICS_SETTINGS) private readonly settings: AnalyticsSettings,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly producer: BatchingProducer,
    private readonly sessions: SessionEventsHandler,
    private readonly users: UserEventsHandler,
    private readonly readiness: ReadinessChecks,
  ) {}

  onApplicationBootstrap(): void {
    const { groupId, topics, sessionTimeoutMs } = this.settings;
    const consumerConfig = {
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeoutMs / 3)),
      maxWaitTimeInMs: 500,
    };
    const common = {
      kafka: this.kafka,
      dlq: this.producer,
      consumerConfig,
      logger: this.logger,
      registry: this.registry,
    };
    this.start(
      `${groupId}.sessions`,
      () =>
        new TypedConsumer({
          ...common,
          groupId: `${groupId}.sessions`,
          topic: topics.sessions,
          schema: SessionTopicMessageSchema,
          handleBatch: (messages) => this.sessions.handle(messages),
          retryBackoffMs: { initial: 250, max: 10_000 },
          partitionsConcurrently: 3,
        }),
    );
    this.start(
      `${groupId}.users`,
      () =>
        new TypedConsumer({
          ...common,
          groupId: `${groupId}.users`,
          topic: topics.users,
          schema: UserTopicMessageSchema,
          handleBatch: (messages) => this.users.handle(messages),
        }),
    );
    this.readiness.add('analytics-consumers', async () => this.joined.size === 2);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  private start(group: string, create: () => TypedConsumer<unknown>): void {
    const consumer = create();
    this.consumers.push(consumer);
    consumer.start().then(
      () => {
        this.joined.add(group);
        this.logger.info({ groupId: group }, 'consumer joined its group');
      },
      async (error: unknown) => {
        this.logger.error({ err: error, groupId: group }, 'consumer could not start; retrying');
        this.consumers.splice(this.consumers.indexOf(consumer), 1);
        await consumer.stop().catch(() => undefined);
        if (this.stopped) return;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.start(group, create);
        }, 2_000);
        this.timers.add(timer);
      },
    );
  }
}
