/** One counter a request must fit in. */
export interface RateLimitRule {
  key: string;
  limit: number;
  windowMs: number;
}

export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; retryAfterMs: number; rule: string };

/**
 * Admits a request when every rule still has room, and only then counts it against all of
 * them: a refused request counts nowhere, so one caller hammering past its own limit does not
 * spend the tenant's budget for everyone else.
 */
export interface RateLimiter {
  consume(rules: readonly RateLimitRule[]): Promise<RateLimitDecision>;
}

/** Why a call or a stream was refused; a bounded set, used as a metric label. */
export type RefusalReason =
  | 'user_rate'
  | 'tenant_rate'
  | 'user_streams'
  | 'tenant_streams'
  | 'batch_size'
  | 'asleep_budget'
  | 'token_superseded';

/** Why the gateway ended an open stream itself; a bounded set, used as a metric label. */
export type StreamCloseReason = 'token_expired' | 'role_changed' | 'user_deleted';

/** Told of every refusal and every stream the gateway ends, for metrics (never per tenant). */
export interface LimitEvents {
  refused(reason: RefusalReason): void;
  streamClosed(reason: StreamCloseReason): void;
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
