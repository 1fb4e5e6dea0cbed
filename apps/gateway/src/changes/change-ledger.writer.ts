import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  InsightProducedSchema,
  ReportProducedSchema,
  SessionEventSchema,
  Topics,
  type TopicSpec,
} from '@sleep/contracts';
import type { ChangeToAppend, GatewayDeps } from '@sleep/gateway-api';
import {
  ConsumerHost,
  exitRefused,
  GroupedBatches,
  KAFKA_CLIENT,
  type Kafka,
} from '@sleep/messaging';
import { METRICS_REGISTRY, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { z, type ZodType } from 'zod';
import type { AppConfig } from '../config';
import { GATEWAY_CONFIG, GATEWAY_DEPS } from '../gateway.tokens';
import { changeOfInsight, changeOfReport, changeOfSessionEvent } from './change-of-event';
import { keepPublishedNights } from '../sessions/published-nights';

// Compiled: every completed night's stages are checked here, the feed's largest cost per event.
const SessionEvent = z.compile(SessionEventSchema);

/**
 * Writes the change feed from `sleep.sessions.v1`, `sleep.reports.v1` and `sleep.insights.v1`.
 * Unlike the per-replica broadcast groups, every replica joins one shared group per topic
 * (`CHANGE_LEDGER_GROUP`), so each event is appended by one replica, in its partition's order.
 * A topic's partitions are handled at the same time and their batches appended together
 * (`GroupedBatches`: one write per tenant for all the batches ready, not one per partition in
 * turn); each batch's offsets are committed only after the write holding it, and a redelivery is
 * recognised by its dedupe key.
 * User deletions are appended by the erasure itself, not here. Completed nights are also kept in
 * the session cache as published (`keepPublishedNights`), for the reads that follow their event.
 */
@Injectable()
export class ChangeLedgerWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly hosts: ConsumerHost<never>[];

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(GATEWAY_DEPS) private readonly deps: GatewayDeps,
    @Inject(GATEWAY_CONFIG) config: AppConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ROOT_LOGGER) logger: Logger,
    readiness: ReadinessChecks,
  ) {
    const host = <T>(
      topic: TopicSpec,
      schema: ZodType<T>,
      toChange: (e: T) => ChangeToAppend,
      beforeAppend?: (events: T[]) => void,
    ) => {
      const appends = new GroupedBatches<ChangeToAppend>(async (changes) => {
        await this.deps.changes.appendAll(changes);
        return changes.map(() => undefined);
      });
      return new ConsumerHost<T>(
        {
          kafka,
          groupId: `${config.CHANGE_LEDGER_GROUP}-${topic.name}`,
          topic,
          schema,
          // Another service's malformed event is its DLQ's business; here it is skipped and logged.
          dlq: 'skip',
          fromBeginning: false,
          consumerConfig: {
            // A fetch answers as soon as a message arrives; this only bounds an idle one. At 100 ms the
            // gateway's five idle fetch loops cost the broker about 15 % of a core on their own.
            maxWaitTimeInMs: 500,
            sessionTimeout: 10_000,
            heartbeatInterval: 1_000,
          },
          partitionsConcurrently: topic.partitions,
          handleBatch: (messages) => {
            const events = messages.map(({ value }) => value);
            beforeAppend?.(events);
            return appends.write(events.map(toChange)).then(() => undefined);
          },
          logger,
          registry,
        },
        logger,
        undefined,
        // Without its topic the feed would silently stop: a refusal stops the gateway, named.
        (error) => exitRefused(error, logger),
      ) as unknown as ConsumerHost<never>;
    };
    this.hosts = [
      // The nights are kept before the append that wakes the live streams: read after their event.
      host(Topics.sleepSessions, SessionEvent, changeOfSessionEvent, (events) =>
        keepPublishedNights(this.deps.sessionCache, events),
      ),
      host(Topics.sleepReports, ReportProducedSchema, changeOfReport),
      host(Topics.sleepInsights, InsightProducedSchema, changeOfInsight),
    ];
    readiness.add('change-ledger', async () => this.hosts.every((h) => h.ready));
  }

  onApplicationBootstrap(): void {
    for (const host of this.hosts) host.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.hosts.map((host) => host.stop()));
  }
}
