/** One counter a request must fit in. */
export interface RateLimitRule {
  key: string;
  limit: number;
  windowMs: number;
}

export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; retryAfterMs: number; rule: string };

/** Counts a request against every rule at once; refuses when any is exhausted. */
export interface RateLimiter {
  consume(rules: readonly RateLimitRule[]): Promise<RateLimitDecision>;
}

export type CallOutcome = 'ok' | 'client_error' | 'server_error';

export interface UsageDay {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  procedure: string;
  calls: number;
  errors: number;
  /** Mean duration in milliseconds. */
  meanMs: number;
}

/** Per tenant and procedure: counts and latency in metrics, daily totals for tenant admins. */
export interface UsageLedger {
  record(tenantId: string, procedure: string, outcome: CallOutcome, durationMs: number): void;
  daily(tenantId: string, from: string, to: string): Promise<UsageDay[]>;
}
