import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SendResult } from './webhook-sender';

/** Outbound webhook metrics; labels are bounded (outcome, reason), never a tenant or endpoint. */
export class WebhookMetrics {
  private readonly attempts: Counter<'outcome' | 'reason'>;
  private readonly duration: Histogram<'outcome'>;
  private readonly givenUp: Counter;
  private readonly disabled: Counter;
  private readonly gaps: Counter;

  constructor(registry: Registry, pending: () => Promise<number>) {
    this.attempts = new Counter({
      name: 'webhook_delivery_attempts_total',
      help: 'Outbound webhook attempts by outcome (success, failure) and reason (ok, http_4xx, http_5xx, http_other, timeout, refused, network).',
      labelNames: ['outcome', 'reason'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'webhook_delivery_duration_seconds',
      help: 'Time from sending an outbound webhook to its answer (or failure), by outcome.',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.givenUp = new Counter({
      name: 'webhook_deliveries_given_up_total',
      help: 'Outbound webhook deliveries given up after their retry horizon (3 days in production).',
      registers: [registry],
    });
    this.disabled = new Counter({
      name: 'webhook_endpoints_auto_disabled_total',
      help: 'Webhook endpoints disabled by the platform after sustained failure.',
      registers: [registry],
    });
    this.gaps = new Counter({
      name: 'webhook_feed_gaps_total',
      help: 'Times an endpoint fell behind the change feed retention and skipped to its head.',
      registers: [registry],
    });
    const backlog: Gauge = new Gauge({
      name: 'webhook_deliveries_pending',
      help: 'Outbound webhook deliveries waiting for a (first or further) attempt, all replicas.',
      registers: [registry],
      collect: async () => {
        backlog.set(await pending().catch(() => Number.NaN));
      },
    });
  }

  attempted(result: SendResult): void {
    const outcome = result.ok ? 'success' : 'failure';
    this.attempts.inc({ outcome, reason: result.reason });
    this.duration.observe({ outcome }, result.latencyMs / 1000);
  }

  gaveUp(): void {
    this.givenUp.inc();
  }

  autoDisabled(): void {
    this.disabled.inc();
  }

  feedGap(): void {
    this.gaps.inc();
  }
}
