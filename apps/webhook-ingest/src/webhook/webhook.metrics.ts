import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Spool } from '../spool/spool';

/** Every way a webhook can end; a bounded set, so it can be a label. */
export type WebhookOutcome =
  | 'accepted'
  | 'spooled'
  | 'dead-lettered'
  | 'unauthorized'
  | 'bad-request'
  | 'user-mismatch'
  | 'too-large'
  | 'unsupported-media-type'
  | 'unavailable';

/** The event label: never the raw value a sender chose, so a sender cannot grow the series. */
export type EventLabel = 'INFERENCE_COMPLETE' | 'SESSION_COMPLETE' | 'unknown';

export class WebhookMetrics {
  readonly webhooks: Counter<'event' | 'outcome'>;
  readonly duration: Histogram<'outcome'>;
  readonly deadLetters: Counter<'reason'>;
  readonly replayed: Counter;

  constructor(registry: Registry, spool: Spool) {
    this.webhooks = new Counter({
      name: 'webhook_requests_total',
      help: 'Asleep webhooks received, by event and outcome.',
      labelNames: ['event', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'webhook_request_duration_seconds',
      help: 'From the first byte of a webhook to its answer, by outcome.',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'webhook_dead_letters_total',
      help: 'Authentic webhooks sent to the DLQ, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.replayed = new Counter({
      name: 'webhook_spool_replayed_total',
      help: 'Spooled records sent to Kafka after an outage.',
      registers: [registry],
    });
    new Gauge({
      name: 'webhook_spool_records',
      help: 'Records in the spool waiting for Kafka.',
      registers: [registry],
      collect() {
        this.set(spool.records);
      },
    });
    new Gauge({
      name: 'webhook_spool_age_seconds',
      help: 'How long the spool has held records without emptying (the age of its oldest record at most); 0 when empty.',
      registers: [registry],
      collect() {
        this.set(spool.ageSeconds());
      },
    });
    new Gauge({
      name: 'webhook_spool_bytes',
      help: 'Bytes of the spool on disk.',
      registers: [registry],
      collect() {
        this.set(spool.bytes);
      },
    });
  }

  observe(event: EventLabel, outcome: WebhookOutcome, seconds: number): void {
    this.webhooks.inc({ event, outcome });
    this.duration.observe({ outcome }, seconds);
  }
}
