import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import {
  type InsightProduced,
  InsightProducedSchema,
  type ReportProduced,
  ReportProducedSchema,
  Topics,
} from '@sleep/contracts';
import type { GatewayDeps } from '@sleep/gateway-api';
import { HostedConsumer, KAFKA_CLIENT, type Kafka } from '@sleep/messaging';
import { METRICS_REGISTRY, ReadinessChecks, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { GATEWAY_DEPS } from '../gateway.tokens';
import { toInsightCreated, toReportCreated } from './analytics-live-event.mapper';

/**
 * Every replica serves its own subscribers, so each reads every event with a group of its own,
 * from the newest offset: a broadcast, not a work queue. Another service's malformed event is
 * its business; here it is only skipped and logged.
 */
function broadcast(purpose: string) {
  return {
    groupId: `gateway-${purpose}-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    dlq: 'skip' as const,
    fromBeginning: false,
    consumerConfig: { maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000 },
  };
}

/** Feeds `analytics.live.reports` from `sleep.reports.v1`. */
@Injectable()
export class ReportEventsListener extends HostedConsumer<ReportProduced> {
  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(GATEWAY_DEPS) private readonly deps: GatewayDeps,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ROOT_LOGGER) logger: Logger,
    readiness: ReadinessChecks,
  ) {
    super(
      'report-events',
      {
        ...broadcast('reports'),
        kafka,
        topic: Topics.sleepReports,
        schema: ReportProducedSchema,
        handleBatch: async (messages) => {
          for (const { value } of messages)
            deps.analyticsLive.reports.publish(toReportCreated(value));
        },
        logger,
        registry,
      },
      readiness,
    );
  }

  /** Open SSE streams end first, or the HTTP server could not close. */
  override async onModuleDestroy(): Promise<void> {
    this.deps.analyticsLive.reports.close();
    await super.onModuleDestroy();
  }
}

/** Feeds `analytics.live.insights` from `sleep.insights.v1`. */
@Injectable()
export class InsightEventsListener extends HostedConsumer<InsightProduced> {
  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(GATEWAY_DEPS) private readonly deps: GatewayDeps,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ROOT_LOGGER) logger: Logger,
    readiness: ReadinessChecks,
  ) {
    super(
      'insight-events',
      {
        ...broadcast('insights'),
        kafka,
        topic: Topics.sleepInsights,
        schema: InsightProducedSchema,
        handleBatch: async (messages) => {
          for (const { value } of messages)
            deps.analyticsLive.insights.publish(toInsightCreated(value));
        },
        logger,
        registry,
      },
      readiness,
    );
  }

  override async onModuleDestroy(): Promise<void> {
    this.deps.analyticsLive.insights.close();
    await super.onModuleDestroy();
  }
}
