import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type AnyDatabaseHandle, DATABASE } from '@sleep/persistence';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import { AnalyticsMetrics } from '../observability/analytics.metrics';
import { markRecomputed, pendingRecomputes, recomputeTenant } from './tenant-recompute';

/** How often pending recomputes are looked for besides on a change (a failed one is retried). */
const CHECK_INTERVAL_MS = 60_000;

/**
 * Runs the recomputes settings changes asked for (`tenant_settings.recompute_requested_at`): on a
 * change (`kick`), at boot (a restart mid-recompute resumes it) and every minute. One at a time
 * in this process; a change arriving meanwhile is picked up by the next pass.
 */
@Injectable()
export class TenantRecomputeJob implements OnApplicationBootstrap, OnModuleDestroy {
  private running?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(DATABASE) private readonly database: AnyDatabaseHandle,
    private readonly metrics: AnalyticsMetrics,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.kick();
    this.timer = setInterval(() => void this.kick(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs every pending recompute; resolves once none is left (or one failed: retried later). */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.kick();
      }
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    try {
      for (let pending = await pendingRecomputes(this.database); pending.length > 0; ) {
        for (const { tenantId, requestedAt } of pending) {
          const started = performance.now();
          const { users, nightsMoved } = await recomputeTenant(this.database, tenantId);
          await markRecomputed(this.database, tenantId, requestedAt);
          const seconds = (performance.now() - started) / 1000;
          this.metrics.tenantRecomputeSeconds.observe(seconds);
          this.logger.info({ tenantId, users, nightsMoved, seconds }, 'tenant recomputed');
        }
        pending = await pendingRecomputes(this.database);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'tenant recompute failed; retried within a minute');
    }
  }
}
