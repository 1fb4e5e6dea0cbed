import type { RateLimitDecision, RateLimiter, RateLimitRule } from '../ports/limits.port';

/**
 * Fixed windows counted in this process: right for one replica and for development, and the
 * fallback of the shared limiter while Redis is unreachable. A request is counted only when
 * every rule admits it.
 */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { startedAtMs: number; count: number }>();
  private sweptAtMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async consume(rules: readonly RateLimitRule[]): Promise<RateLimitDecision> {
    const now = this.now();
    this.sweep(now);
    let refusal: RateLimitDecision = { allowed: true };
    const windows = rules.map((rule) => {
      let window = this.windows.get(rule.key);
      if (!window || now - window.startedAtMs >= rule.windowMs) {
        window = { startedAtMs: now, count: 0 };
        this.windows.set(rule.key, window);
      }
      if (window.count >= rule.limit) {
        const retryAfterMs = window.startedAtMs + rule.windowMs - now;
        if (refusal.allowed || retryAfterMs > refusal.retryAfterMs)
          refusal = { allowed: false, retryAfterMs, rule: rule.key };
      }
      return window;
    });
    if (refusal.allowed) for (const window of windows) window.count++;
    return refusal;
  }

  /** Forgets long-finished windows, so a stream of one-off principals cannot grow the map forever. */
  private sweep(now: number): void {
    if (now - this.sweptAtMs < 60_000) return;
    this.sweptAtMs = now;
    for (const [key, window] of this.windows)
      if (now - window.startedAtMs > 60_000 * 10) this.windows.delete(key);
  }
}
