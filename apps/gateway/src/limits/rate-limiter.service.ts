import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InMemoryRateLimiter, type RateLimiter } from '@sleep/gateway-api';
import { ROOT_LOGGER } from '@sleep/service-kit';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { RedisRateLimiter } from './redis-rate-limiter';

/** Redis when REDIS_URL is set (limits shared by every replica), this process's memory otherwise. */
@Injectable()
export class RateLimiterProvider implements OnApplicationShutdown {
  readonly limiter: RateLimiter;
  private readonly redis?: Redis;
  private lastWarningAt = 0;

  constructor(
    @Inject(GATEWAY_CONFIG) config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    if (!config.REDIS_URL) {
      this.limiter = new InMemoryRateLimiter();
      return;
    }
    // A limiter that waits for Redis would slow every call down: fail fast, let the call through.
    this.redis = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 200,
      connectionName: 'gateway-rate-limits',
    });
    this.redis.on('error', (error) => this.warn(error));
    this.limiter = new RedisRateLimiter(this.redis, { onError: (error) => this.warn(error) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }

  private warn(error: unknown): void {
    if (Date.now() - this.lastWarningAt < 10_000) return;
    this.lastWarningAt = Date.now();
    this.logger.warn({ err: error }, 'rate limits unavailable (Redis); requests are let through');
  }
}
