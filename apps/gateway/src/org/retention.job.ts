import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type GatewayDeps, sweepAllRetention } from '@sleep/gateway-api';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { GATEWAY_CONFIG, GATEWAY_DEPS } from '../gateway.tokens';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the nights older than each organisation's retention, every
 * `RETENTION_SWEEP_INTERVAL_MS`, one replica at a time (an advisory lock; the next replica finds
 * nothing left). Each night goes the way of `sessions.delete`, audited as the job's doing.
 * The change feed's entries older than `CHANGE_FEED_RETENTION_DAYS` go in the same run.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(GATEWAY_DEPS) private readonly deps: GatewayDeps,
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RETENTION_SWEEP_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.config.RETENTION_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep; a sweep still running is not started twice. */
  async runOnce(
    now = new Date(),
  ): Promise<{ tenants: number; nightsDeleted: number; changesSwept: number } | null> {
    if (this.running) return null;
    const feedStart = new Date(now.getTime() - this.config.CHANGE_FEED_RETENTION_DAYS * DAY_MS);
    const run = this.database.withLock('gateway:retention-sweep', async () => {
      const nights = await sweepAllRetention(this.deps, now);
      const { removed } = await this.deps.changes.sweep(feedStart);
      return { ...nights, changesSwept: removed };
    });
    this.running = run;
    try {
      const result = await run;
      if (result.nightsDeleted + result.changesSwept > 0)
        this.logger.info(result, 'retention sweep deleted nights and old changes');
      return result;
    } catch (error) {
      this.logger.warn({ err: error }, 'retention sweep failed; retrying on the next run');
      return null;
    } finally {
      this.running = undefined;
    }
  }
}
