import { Inject, Injectable } from '@nestjs/common';
import { WebhookReceivedSchema } from '@sleep/contracts';
import { BatchingProducer, HostedConsumer, KAFKA_CLIENT, type Kafka } from '@sleep/messaging';
import { METRICS_REGISTRY, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { consumerConfig } from '../kafka/consumer-config';
import { SESSION_SETTINGS, type SessionSettings } from '../session-settings';
import { WebhookBatchHandler } from './webhook-batch.handler';

/** Compiled: the schema check is the hot path of ingestion (a night's SESSION_COMPLETE is ~20 KB). */
const WebhookReceived = z.compile(WebhookReceivedSchema);

/** The consumer group on `asleep.webhooks.v1`. */
@Injectable()
export class WebhookConsumer extends HostedConsumer<z.infer<typeof WebhookReceivedSchema>> {
  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(SESSION_SETTINGS) settings: SessionSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ROOT_LOGGER) logger: Logger,
    producer: BatchingProducer,
    handler: WebhookBatchHandler,
    readiness: ReadinessChecks,
  ) {
    super(
      'webhook-consumer',
      {
        kafka,
        groupId: settings.groupId,
        topic: settings.topics.webhooks,
        schema: WebhookReceived,
        handleBatch: (messages) => handler.handle(messages),
        dlq: producer,
        consumerConfig: consumerConfig(settings),
        retryBackoffMs: { initial: 250, max: 10_000 },
        // Partitions hold different users, so their batches never touch the same rows.
        partitionsConcurrently: 6,
        logger,
        registry,
      },
      readiness,
    );
  }
}
