import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@sleep/service-kit';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Tenants named in per-tenant series; later ones share `other`, so series stay bounded. */
export const TENANT_LABEL_LIMIT = 50;

/** session-service's own metrics; labels never carry a user or session id. */
@Injectable()
export class SessionMetrics {
  readonly webhooks: Counter<'event' | 'outcome'>;
  readonly statMismatches: Counter<'field'>;
  readonly events: Counter<'type'>;
  readonly commitDelay: Histogram;
  readonly outboxPublished: Counter;
  readonly outboxErrors: Counter;
  readonly outboxPending: Gauge;
  readonly recoveries: Counter<'outcome'>;
  readonly backfill: Counter<'outcome'>;
  private readonly nightsCompleted: Counter<'tenant'>;
  private readonly tenantLabels = new Set<string>();

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.webhooks = new Counter({
      name: 'session_webhooks_total',
      help: 'Webhook deliveries consumed, by event and what they did to the store',
      labelNames: ['event', 'outcome'],
      registers,
    });
    this.statMismatches = new Counter({
      name: 'session_stat_mismatches_total',
      help: "Stat fields where Asleep's value and sleep-metrics' recomputation disagree",
      labelNames: ['field'],
      registers,
    });
    this.events = new Counter({
      name: 'session_events_total',
      help: 'Domain events stored in the outbox, by type',
      labelNames: ['type'],
      registers,
    });
    this.commitDelay = new Histogram({
      name: 'session_webhook_commit_delay_seconds',
      help: 'From a webhook message being written to Kafka to its change being committed',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.outboxPublished = new Counter({
      name: 'session_outbox_published_total',
      help: 'Outbox events acknowledged by Kafka',
      registers,
    });
    this.outboxErrors = new Counter({
      name: 'session_outbox_relay_errors_total',
      help: 'Relay rounds that failed and will be retried',
      registers,
    });
    this.outboxPending = new Gauge({
      name: 'session_outbox_pending',
      help: 'Outbox events not yet published, as of the last relay round',
      registers,
    });
    this.recoveries = new Counter({
      name: 'session_recoveries_total',
      help: 'Unfinished nights fetched from the Asleep API, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.backfill = new Counter({
      name: 'session_backfill_sessions_total',
      help: 'Sessions met by backfill imports, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.nightsCompleted = new Counter({
      name: 'session_nights_completed_total',
      help: `Nights that became COMPLETE, by tenant (the first ${TENANT_LABEL_LIMIT} tenants seen; the rest as "other")`,
      labelNames: ['tenant'],
      registers,
    });
  }

  nightCompleted(tenantId: string): void {
    this.nightsCompleted.inc({ tenant: this.tenantLabel(tenantId) });
  }

  private tenantLabel(tenantId: string): string {
    if (this.tenantLabels.has(tenantId)) return tenantId;
    if (this.tenantLabels.size >= TENANT_LABEL_LIMIT) return 'other';
    this.tenantLabels.add(tenantId);
    return tenantId;
  }
}
