import type { Provider } from '@nestjs/common';
import {
  type InsightProduced,
  InsightProducedSchema,
  type ReportProduced,
  ReportProducedSchema,
  Topics,
  type TopicSpec,
} from '@sleep/contracts';
import type {
  GatewayDeps,
  HubEvent,
  InsightCreatedEvent,
  LiveSessionHub,
  ReportCreatedEvent,
} from '@sleep/gateway-api';
import {
  HostedConsumer,
  KAFKA_CLIENT,
  type Kafka,
  REPLICA_GROUP_PREFIXES,
  replicaGroupId,
} from '@sleep/messaging';
import { METRICS_REGISTRY, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { z } from 'zod';
import { GATEWAY_DEPS } from '../gateway.tokens';
import { toInsightCreated, toReportCreated } from './analytics-live-event.mapper';

interface Relay<T, E> {
  name: string;
  topic: TopicSpec;
  schema: z.ZodType<T>;
  hub: LiveSessionHub<E>;
  toLiveEvent(event: T): HubEvent<E>;
}

/**
 * Relays an analytics topic to the gateway's live subscribers. Every replica serves its own
 * subscribers, so each reads every event with a group of its own, from the newest offset: a
 * broadcast, not a work queue. Another service's malformed event is its business; here it is
 * only skipped and logged.
 */
class AnalyticsEventsRelay<T, E> extends HostedConsumer<T> {
  constructor(
    private readonly relay: Relay<T, E>,
    kafka: Kafka,
    registry: Registry,
    logger: Logger,
    readiness: ReadinessChecks,
  ) {
    super(
      `${relay.name}-events`,
      {
        groupId: replicaGroupId(`${REPLICA_GROUP_PREFIXES.gatewayLiveEvents}${relay.name}-`),
        dlq: 'skip',
        fromBeginning: false,
        consumerConfig: { maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000 },
        kafka,
        topic: relay.topic,
        schema: relay.schema,
        handleBatch: async (messages) => {
          for (const { value } of messages) relay.hub.publish(relay.toLiveEvent(value));
        },
        logger,
        registry,
      },
      readiness,
    );
  }

  /** Open SSE streams end first, or the HTTP server could not close. */
  override async onModuleDestroy(): Promise<void> {
    this.relay.hub.close();
    await super.onModuleDestroy();
  }
}

/** A consumer relaying one analytics topic, built once the gateway's hubs exist. */
function relayProvider<T, E>(name: string, relayOf: (deps: GatewayDeps) => Relay<T, E>): Provider {
  return {
    provide: `analytics-events-relay:${name}`,
    useFactory: (
      kafka: Kafka,
      deps: GatewayDeps,
      registry: Registry,
      logger: Logger,
      readiness: ReadinessChecks,
    ) => new AnalyticsEventsRelay(relayOf(deps), kafka, registry, logger, readiness),
    inject: [KAFKA_CLIENT, GATEWAY_DEPS, METRICS_REGISTRY, ROOT_LOGGER, ReadinessChecks],
  };
}

/** `analytics.live.reports` from `sleep.reports.v1`, `analytics.live.insights` from `sleep.insights.v1`. */
export const analyticsEventsRelays: Provider[] = [
  relayProvider(
    'report',
    (deps): Relay<ReportProduced, ReportCreatedEvent> => ({
      name: 'report',
      topic: Topics.sleepReports,
      schema: ReportProducedSchema,
      hub: deps.analyticsLive.reports,
      toLiveEvent: toReportCreated,
    }),
  ),
  relayProvider(
    'insight',
    (deps): Relay<InsightProduced, InsightCreatedEvent> => ({
      name: 'insight',
      topic: Topics.sleepInsights,
      schema: InsightProducedSchema,
      hub: deps.analyticsLive.insights,
      toLiveEvent: toInsightCreated,
    }),
  ),
];
