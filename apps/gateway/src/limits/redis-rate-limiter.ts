import {
  InMemoryRateLimiter,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitRule,
} from '@sleep/gateway-api';
import type Redis from 'ioredis';

/**
 * One round trip for every rule of a request: if any window is full, nothing is counted and the
 * full ones are named; otherwise every window counts the request (setting its expiry when new).
 * ARGV holds each rule's expiry and limit in turn.
 */
const CONSUME = `
local full = {}
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i * 2]) then full[#full + 1] = i end
end
if #full > 0 then return full end
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[i * 2 - 1]) end
end
return full`;

type WithConsume = Redis & { gatewayRateLimit(...args: (string | number)[]): Promise<number[]> };

export interface RedisRateLimiterOptions {
  prefix?: string;
  now?: () => number;
  /**
   * While Redis is unreachable each replica counts in its own memory and allows this share of
   * every limit (1 / replicas), so the fleet as a whole stays near the limit instead of open.
   */
  localShare?: number;
  /** After a failure, how long to count locally before asking Redis again. */
  retryAfterFailureMs?: number;
  /** Told when the limits stop being shared (with the error) and when they are shared again. */
  onSharedChange?: (shared: boolean, error?: unknown) => void;
}

/**
 * Fixed windows shared by every replica: the key carries the window's index, so all replicas
 * count into the same key for the same minute whatever their start time. Fails closed to
 * per-replica limits, and back to shared ones as soon as Redis answers again.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: WithConsume;
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly local: InMemoryRateLimiter;
  private shared = true;
  private localUntilMs = 0;

  constructor(
    redis: Redis,
    private readonly options: RedisRateLimiterOptions = {},
  ) {
    redis.defineCommand('gatewayRateLimit', { lua: CONSUME });
    this.redis = redis as WithConsume;
    this.prefix = options.prefix ?? 'gateway:rl:';
    this.now = options.now ?? Date.now;
    this.local = new InMemoryRateLimiter(this.now);
  }

  /** False while requests are counted per replica because Redis failed. */
  get isShared(): boolean {
    return this.shared;
  }

  async consume(rules: readonly RateLimitRule[]): Promise<RateLimitDecision> {
    const now = this.now();
    if (!this.shared && now < this.localUntilMs) return this.consumeLocally(rules);
    const windows = rules.map((rule) => Math.floor(now / rule.windowMs));
    const keys = rules.map((rule, i) => `${this.prefix}${rule.key}:${windows[i]}`);
    let full: number[];
    try {
      full = await this.redis.gatewayRateLimit(
        keys.length,
        ...keys,
        ...rules.flatMap((rule) => [rule.windowMs + 1_000, rule.limit]),
      );
    } catch (error) {
      this.localUntilMs = this.now() + (this.options.retryAfterFailureMs ?? 1_000);
      if (this.shared) {
        this.shared = false;
        this.options.onSharedChange?.(false, error);
      }
      return this.consumeLocally(rules);
    }
    if (!this.shared) {
      this.shared = true;
      this.options.onSharedChange?.(true);
    }
    let refusal: RateLimitDecision = { allowed: true };
    for (const index of full) {
      const i = index - 1;
      const retryAfterMs = (windows[i] + 1) * rules[i].windowMs - now;
      if (refusal.allowed || retryAfterMs > refusal.retryAfterMs)
        refusal = { allowed: false, retryAfterMs, rule: rules[i].key };
    }
    return refusal;
  }

  private consumeLocally(rules: readonly RateLimitRule[]): Promise<RateLimitDecision> {
    const share = this.options.localShare ?? 1;
    return this.local.consume(
      rules.map((rule) => ({ ...rule, limit: Math.max(1, Math.floor(rule.limit * share)) })),
    );
  }
}
