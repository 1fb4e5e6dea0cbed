import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InMemoryRateLimiter, type RateLimiter } from '@sleep/gateway-api';
import { ROOT_LOGGER } from '@sleep/service-kit';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { LimitMetrics } from './limit-metrics';
import { RedisRateLimiter } from './redis-rate-limiter';

/**
 * Redis when REDIS_URL is set (limits shared by every replica; required in production), this
 * process's memory otherwise. Also the connection the replicas tell each other of tokens on.
 */
@Injectable()
export class RateLimiterProvider implements OnApplicationShutdown {
  readonly limiter: RateLimiter;
  readonly redis?: Redis;
  private lastWarningAt = 0;

  constructor(
    @Inject(GATEWAY_CONFIG) config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    metrics: LimitMetrics,
  ) {
    if (!config.REDIS_URL) {
      this.limiter = new InMemoryRateLimiter();
      metrics.shared(false);
      return;
    }
    // A limiter that waits for Redis would slow every call down: fail fast, count locally.
    this.redis = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 200,
      connectionName: 'gateway-rate-limits',
    });
    this.redis.on('error', (error) => this.warn(error));
    metrics.shared(true);
    this.limiter = new RedisRateLimiter(this.redis, {
      localShare: 1 / config.RATE_LIMIT_REPLICAS,
      onSharedChange: (shared, error) => {
        metrics.shared(shared);
        if (shared) this.logger.info('rate limits shared through Redis again');
        else
          this.logger.warn(
            { err: error, replicas: config.RATE_LIMIT_REPLICAS },
            'Redis unavailable; rate limits counted per replica (1/RATE_LIMIT_REPLICAS of each)',
          );
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }

  private warn(error: unknown): void {
    if (Date.now() - this.lastWarningAt < 10_000) return;
    this.lastWarningAt = Date.now();
    this.logger.warn({ err: error }, 'Redis connection failing');
  }
}
