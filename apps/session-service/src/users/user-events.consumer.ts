import { Inject, Injectable } from '@nestjs/common';
import { type UserTopicMessage, UserTopicMessageSchema } from '@sleep/contracts';
import {
  BatchingProducer,
  HostedConsumer,
  KAFKA_CLIENT,
  type Kafka,
  type MessageVerifier,
} from '@sleep/messaging';
import { EVENT_VERIFIER, METRICS_REGISTRY, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { consumerConfig } from '../kafka/consumer-config';
import { SESSION_SETTINGS, type SessionSettings } from '../session-settings';
import { UserEventsHandler } from './user-events.handler';

/** The consumer group `<group>.users` on `sleep.users.v1`. */
@Injectable()
export class UserEventsConsumer extends HostedConsumer<UserTopicMessage> {
  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(SESSION_SETTINGS) settings: SessionSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ROOT_LOGGER) logger: Logger,
    @Inject(EVENT_VERIFIER) verifier: MessageVerifier,
    producer: BatchingProducer,
    handler: UserEventsHandler,
    readiness: ReadinessChecks,
  ) {
    super(
      'user-events-consumer',
      {
        kafka,
        groupId: `${settings.groupId}.users`,
        topic: settings.topics.users,
        schema: UserTopicMessageSchema,
        handleBatch: (messages) => handler.handle(messages),
        dlq: producer,
        // Only the gateway announces users: a deletion it did not sign is never applied.
        verifier,
        consumerConfig: consumerConfig(settings),
        logger,
        registry,
      },
      readiness,
    );
  }
}
