import { Inject, Injectable } from '@nestjs/common';
import type { SessionEvent, TopicMessage } from '@sleep/contracts';
import { BatchingProducer, HostedConsumer, KAFKA_CLIENT, type Kafka } from '@sleep/messaging';
import { METRICS_REGISTRY, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ANALYTICS_SETTINGS, type AnalyticsSettings } from '../analytics.settings';
import { SessionEventsHandler } from './session-events.handler';
import { SessionTopicMessageSchema } from './session-topic.schema';

export function analyticsConsumerConfig({ sessionTimeoutMs }: AnalyticsSettings) {
  return {
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeoutMs / 3)),
    maxWaitTimeInMs: 500,
  };
}

/** The consumer group `<group>.sessions` on `sleep.sessions.v1`: nightly facts. */
@Injectable()
export class SessionEventsConsumer extends HostedConsumer<TopicMessage<SessionEvent>> {
  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(ANALYTICS_SETTINGS) settings: AnalyticsSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ROOT_LOGGER) logger: Logger,
    producer: BatchingProducer,
    handler: SessionEventsHandler,
    readiness: ReadinessChecks,
  ) {
    super(
      'session-events-consumer',
      {
        kafka,
        groupId: `${settings.groupId}.sessions`,
        topic: settings.topics.sessions,
        schema: SessionTopicMessageSchema,
        handleBatch: (messages) => handler.handle(messages),
        dlq: producer,
        consumerConfig: analyticsConsumerConfig(settings),
        retryBackoffMs: { initial: 250, max: 10_000 },
        partitionsConcurrently: 3,
        logger,
        registry,
      },
      readiness,
    );
  }
}
