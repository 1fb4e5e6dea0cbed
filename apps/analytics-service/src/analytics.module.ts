import { type DynamicModule, Module } from '@nestjs/common';
import { ANALYTICS_SETTINGS, analyticsSettings, type AnalyticsTopics } from './analytics.settings';
import type { AppConfig } from './config';
import { FactChanges } from './facts/fact-changes';
import { SessionEventsConsumer } from './facts/session-events.consumer';
import { SessionEventsHandler } from './facts/session-events.handler';
import { CompletenessMetrics } from './completeness/completeness.metrics';
import { AnalyticsMetrics } from './observability/analytics.metrics';
import { ProfileEventsConsumer } from './users/profile-events.consumer';
import { ProfileEventsHandler } from './users/profile-events.handler';
import { UserEventsConsumer } from './users/user-events.consumer';
import { UserEventsHandler } from './users/user-events.handler';
import { ReportBuilder } from './reports/report-builder';
import { ReportSweepJob } from './reports/report-sweep.job';
import { TenantRecomputeJob } from './settings/tenant-recompute.job';
import { AnalyticsRpcMount } from './rpc/analytics-rpc.mount';
import { AnalyticsRpcServiceImpl } from './rpc/analytics-rpc.service';

export interface AnalyticsModuleOptions {
  /** Private topics, e.g. for a benchmark on a shared broker. */
  topics?: Partial<AnalyticsTopics>;
}

/** Nightly facts from session events, and everything computed from them. */
@Module({})
export class AnalyticsModule {
  static register(config: AppConfig, options: AnalyticsModuleOptions = {}): DynamicModule {
    return {
      module: AnalyticsModule,
      providers: [
        { provide: ANALYTICS_SETTINGS, useValue: analyticsSettings(config, options.topics) },
        AnalyticsMetrics,
        CompletenessMetrics,
        FactChanges,
        SessionEventsHandler,
        UserEventsHandler,
        SessionEventsConsumer,
        UserEventsConsumer,
        ProfileEventsHandler,
        ProfileEventsConsumer,
        ReportBuilder,
        ReportSweepJob,
        TenantRecomputeJob,
        AnalyticsRpcServiceImpl,
        AnalyticsRpcMount,
      ],
      exports: [
        SessionEventsHandler,
        UserEventsHandler,
        FactChanges,
        ReportBuilder,
        AnalyticsRpcServiceImpl,
      ],
    };
  }
}
