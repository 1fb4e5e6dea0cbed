import { Inject, Injectable } from '@nestjs/common';
import { type UserProfileUpdated, UserProfileUpdatedSchema } from '@sleep/contracts';
import { BatchingProducer, HostedConsumer, KAFKA_CLIENT, type Kafka } from '@sleep/messaging';
import { METRICS_REGISTRY, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ANALYTICS_SETTINGS, type AnalyticsSettings } from '../analytics.settings';
import { analyticsConsumerConfig } from '../facts/session-events.consumer';
import { ProfileEventsHandler } from './profile-events.handler';

/**
 * The consumer group `<group>.profiles` on the compacted `sleep.user-profiles.v1`, read from the
 * beginning: a service started late still gets every user's latest profile. Tombstones are passed
 * over; a deletion is handled from `sleep.users.v1`.
 */
@Injectable()
export class ProfileEventsConsumer extends HostedConsumer<UserProfileUpdated> {
  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(ANALYTICS_SETTINGS) settings: AnalyticsSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ROOT_LOGGER) logger: Logger,
    producer: BatchingProducer,
    handler: ProfileEventsHandler,
    readiness: ReadinessChecks,
  ) {
    super(
      'profile-events-consumer',
      {
        kafka,
        groupId: `${settings.groupId}.profiles`,
        topic: settings.topics.profiles,
        schema: UserProfileUpdatedSchema,
        handleBatch: (messages) => handler.handle(messages),
        dlq: producer,
        fromBeginning: true,
        skipTombstones: true,
        consumerConfig: analyticsConsumerConfig(settings),
        logger,
        registry,
      },
      readiness,
    );
  }
}
