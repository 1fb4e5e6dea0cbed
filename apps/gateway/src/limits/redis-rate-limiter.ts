import type { RateLimitDecision, RateLimiter, RateLimitRule } from '@sleep/gateway-api';
import type Redis from 'ioredis';

/** One round trip for every rule of a request: count, set the window's expiry, read what is left. */
const CONSUME = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[i]) end
  out[#out + 1] = count
end
return out`;

type WithConsume = Redis & { gatewayRateLimit(...args: (string | number)[]): Promise<number[]> };

export interface RedisRateLimiterOptions {
  prefix?: string;
  now?: () => number;
  /** Called when Redis fails; the request is let through (availability over strictness). */
  onError?: (error: unknown) => void;
}

/**
 * Fixed windows shared by every replica: the key carries the window's index, so all replicas
 * count into the same key for the same minute whatever their start time.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: WithConsume;
  private readonly prefix: string;
  private readonly now: () => number;

  constructor(
    redis: Redis,
    private readonly options: RedisRateLimiterOptions = {},
  ) {
    redis.defineCommand('gatewayRateLimit', { lua: CONSUME });
    this.redis = redis as WithConsume;
    this.prefix = options.prefix ?? 'gateway:rl:';
    this.now = options.now ?? Date.now;
  }

  async consume(rules: readonly RateLimitRule[]): Promise<RateLimitDecision> {
    const now = this.now();
    const windows = rules.map((rule) => Math.floor(now / rule.windowMs));
    const keys = rules.map((rule, i) => `${this.prefix}${rule.key}:${windows[i]}`);
    let counts: number[];
    try {
      counts = await this.redis.gatewayRateLimit(
        keys.length,
        ...keys,
        ...rules.map((rule) => rule.windowMs + 1_000),
      );
    } catch (error) {
      this.options.onError?.(error);
      return { allowed: true };
    }
    let refusal: RateLimitDecision = { allowed: true };
    rules.forEach((rule, i) => {
      if (counts[i] <= rule.limit) return;
      const retryAfterMs = (windows[i] + 1) * rule.windowMs - now;
      if (refusal.allowed || retryAfterMs > refusal.retryAfterMs)
        refusal = { allowed: false, retryAfterMs, rule: rule.key };
    });
    return refusal;
  }
}
