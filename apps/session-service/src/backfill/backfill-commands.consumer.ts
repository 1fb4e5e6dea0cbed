import { Inject, Injectable } from '@nestjs/common';
import { type BackfillRequested, BackfillRequestedSchema } from '@sleep/contracts';
import { BatchingProducer, HostedConsumer, KAFKA_CLIENT, type Kafka } from '@sleep/messaging';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { METRICS_REGISTRY, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { consumerConfig } from '../kafka/consumer-config';
import { SESSION_SETTINGS, type SessionSettings } from '../session-settings';
import { recordJob } from './backfill.repository';
import { BackfillWorker } from './backfill-worker.job';

/** The consumer group `<group>.commands` on `sleep.session-commands.v1`: records each backfill job. */
@Injectable()
export class BackfillCommandsConsumer extends HostedConsumer<BackfillRequested> {
  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(SESSION_SETTINGS) settings: SessionSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ROOT_LOGGER) logger: Logger,
    @Inject(DATABASE) database: DatabaseHandle,
    producer: BatchingProducer,
    worker: BackfillWorker,
    readiness: ReadinessChecks,
  ) {
    super(
      'command-consumer',
      {
        kafka,
        groupId: `${settings.groupId}.commands`,
        topic: settings.topics.commands,
        schema: BackfillRequestedSchema,
        handleBatch: async (messages) => {
          for (const message of messages) await recordJob(database, message.value);
          worker.wake();
        },
        dlq: producer,
        consumerConfig: consumerConfig(settings),
        logger,
        registry,
      },
      readiness,
    );
  }
}
