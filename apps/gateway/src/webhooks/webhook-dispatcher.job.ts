import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type GatewayDeps, recordAudit } from '@sleep/gateway-api';
import { nextAttemptAt, shouldAutoDisable } from '@sleep/outbound-webhooks';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { METRICS_REGISTRY, ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AppConfig } from '../config';
import { GATEWAY_CONFIG, GATEWAY_DEPS } from '../gateway.tokens';
import { webhookPolicies } from './webhook-policies';
import {
  type FanoutEndpoint,
  type LeasedDelivery,
  WebhookOutboxRepository,
} from './webhook-outbox.repository';
import { WebhookSender } from './webhook-sender';
import { WebhookMetrics } from './webhook.metrics';

/** Changes read from the feed per endpoint and pass. */
const FEED_PAGE = 200;
const FEED_PAGES_PER_PASS = 5;
const ROUNDS_PER_PASS = 50;
const SWEEP_EVERY_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const WEBHOOK_ACTOR = { kind: 'service', id: 'webhook-dispatcher' } as const;

/**
 * Outbound webhooks, every `WEBHOOK_DISPATCH_INTERVAL_MS`: moves each enabled endpoint's new
 * changes from the change feed into the outbox (one replica at a time), then sends the due
 * deliveries this replica could lease, retrying failures on the backoff schedule and disabling an
 * endpoint after sustained failure (audited, counted, shown on the endpoint).
 */
@Injectable()
export class WebhookDispatcherJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private lastSweep = 0;
  private stopping = false;
  private running?: Promise<unknown>;
  private readonly sender: WebhookSender;
  private readonly metrics: WebhookMetrics;
  private readonly policies: ReturnType<typeof webhookPolicies>;

  constructor(
    @Inject(GATEWAY_DEPS) private readonly deps: GatewayDeps,
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly outbox: WebhookOutboxRepository,
  ) {
    this.policies = webhookPolicies(config);
    this.sender = new WebhookSender(this.policies.targets, config.WEBHOOK_TIMEOUT_MS);
    this.metrics = new WebhookMetrics(registry, () => outbox.pendingCount());
  }

  onApplicationBootstrap(): void {
    if (this.config.WEBHOOK_DISPATCH_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.config.WEBHOOK_DISPATCH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.sender.close();
  }

  /** One pass; a pass still running is not started twice. */
  async runOnce(now = () => new Date()): Promise<void> {
    if (this.running) return;
    const pass = (async () => {
      await this.database.withLock('gateway:webhook-fanout', () => this.fanOut(now()));
      // Rounds within a pass: a delivery sent makes the next of its user due at once, so a
      // user's backlog drains at the receiver's pace, not one message per interval.
      for (let round = 0; round < ROUNDS_PER_PASS && !this.stopping; round += 1) {
        const leaseUntil = new Date(now().getTime() + this.config.WEBHOOK_TIMEOUT_MS + 5_000);
        const leased = await this.outbox.lease(now(), leaseUntil, this.config.WEBHOOK_BATCH_SIZE);
        if (leased.length === 0) break;
        await Promise.all(leased.map((delivery) => this.attempt(delivery, now)));
      }
      await this.sweepIfDue(now());
    })();
    this.running = pass;
    try {
      await pass;
    } catch (error) {
      this.logger.warn({ err: error }, 'webhook dispatch pass failed; retrying on the next one');
    } finally {
      this.running = undefined;
    }
  }

  /** At most hourly per replica: the outbox keeps settled deliveries for the retention only. */
  private async sweepIfDue(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now.getTime();
    const before = new Date(now.getTime() - this.config.WEBHOOK_OUTBOX_RETENTION_DAYS * DAY_MS);
    const removed = await this.outbox.sweep(before);
    if (removed > 0) this.logger.info({ removed }, 'webhook outbox swept');
  }

  private async fanOut(now: Date): Promise<void> {
    for (const endpoint of await this.outbox.enabledEndpoints()) {
      let cursor = endpoint.cursor;
      for (let page = 0; page < FEED_PAGES_PER_PASS; page += 1) {
        const read = await this.deps.changes.readAfter(endpoint.tenantId, cursor, FEED_PAGE, {
          types: endpoint.eventTypes,
        });
        if (read.status === 'resync') {
          this.metrics.feedGap();
          this.logger.warn(
            { endpointId: endpoint.id, reason: read.reason },
            'webhook endpoint fell behind the change feed; continuing from its head',
          );
          await this.outbox.enqueue(endpoint, [], read.cursor, now);
          break;
        }
        const fresh = read.changes.filter((change) => isSince(change.occurredAt, endpoint));
        if (read.changes.length > 0 || read.cursor !== cursor)
          await this.outbox.enqueue(endpoint, fresh, read.cursor, now);
        cursor = read.cursor;
        if (!read.hasMore) break;
      }
    }
  }

  private async attempt(delivery: LeasedDelivery, now: () => Date): Promise<void> {
    const at = now();
    const result = await this.sender.send(delivery.url, delivery, delivery.secrets, at);
    this.metrics.attempted(result);
    const record = {
      at,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error: result.error,
    };
    if (result.ok) return this.outbox.succeeded(delivery, record);
    const retryAt = nextAttemptAt(
      this.policies.retry,
      delivery.attemptCount + 1,
      delivery.firstDueAt,
      now(),
    );
    if (!retryAt) this.metrics.gaveUp();
    const streak = await this.outbox.failed(delivery, record, retryAt);
    if (shouldAutoDisable(this.policies.autoDisable, streak, now()))
      await this.autoDisable(delivery, streak.consecutiveFailures);
  }

  private async autoDisable(delivery: LeasedDelivery, consecutiveFailures: number): Promise<void> {
    if (!(await this.outbox.disableFailing(delivery.endpointId))) return;
    this.metrics.autoDisabled();
    this.logger.warn(
      { endpointId: delivery.endpointId },
      'webhook endpoint disabled after sustained failure',
    );
    await recordAudit(this.deps, {
      tenantId: delivery.tenantId,
      actor: WEBHOOK_ACTOR,
      action: 'webhook.endpoint.auto-disable',
      target: { kind: 'webhook-endpoint', id: delivery.endpointId },
      outcome: 'success',
      details: { consecutiveFailures },
    });
  }
}

/** An endpoint starts with the changes of its own time, not the whole retained feed. */
const isSince = (occurredAt: string, endpoint: FanoutEndpoint) =>
  Date.parse(occurredAt) >= endpoint.createdAt.getTime();
