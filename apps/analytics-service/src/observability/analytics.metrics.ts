import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@sleep/service-kit';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The service's own metrics; Kafka consumer lag comes from the messaging library. */
@Injectable()
export class AnalyticsMetrics {
  readonly factsStored: Counter;
  readonly factsDeleted: Counter;
  readonly nightsSkipped: Counter<'reason'>;
  readonly processingErrors: Counter<'reason'>;
  readonly reportsProduced: Counter<'kind'>;
  readonly insightsProduced: Counter<'rule'>;
  readonly rebuildNights: Gauge;
  readonly rebuildRunning: Gauge;
  readonly tenantRecomputeSeconds: Histogram;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.factsStored = new Counter({
      name: 'analytics_facts_stored_total',
      help: 'Nightly facts written (new or a newer version)',
      registers,
    });
    this.factsDeleted = new Counter({
      name: 'analytics_facts_deleted_total',
      help: 'Nightly facts removed by session or user deletions',
      registers,
    });
    this.nightsSkipped = new Counter({
      name: 'analytics_nights_skipped_total',
      help: 'Completed sessions not stored as facts because they were incomplete, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.processingErrors = new Counter({
      name: 'analytics_processing_errors_total',
      help: 'Events that could not be processed and went to the DLQ, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.reportsProduced = new Counter({
      name: 'analytics_reports_produced_total',
      help: 'Reports stored and announced, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.insightsProduced = new Counter({
      name: 'analytics_insights_produced_total',
      help: 'Insights stored and announced, by rule',
      labelNames: ['rule'],
      registers,
    });
    this.rebuildNights = new Gauge({
      name: 'analytics_rebuild_nights',
      help: 'Nights replayed by the rebuild in progress (or the last one)',
      registers,
    });
    this.rebuildRunning = new Gauge({
      name: 'analytics_rebuild_running',
      help: '1 while a rebuild runs',
      registers,
    });
    this.tenantRecomputeSeconds = new Histogram({
      name: 'analytics_tenant_recompute_seconds',
      help: "How long a tenant's nights and rollups took to recompute after a settings change",
      buckets: [0.1, 1, 5, 15, 30, 60, 120, 300, 900],
      registers,
    });
  }
}
