import type { Principal } from '../auth/principal';
import { gatewayError } from '../errors/gateway-error';
import type { GatewayDeps } from '../ports/gateway-deps';

const MINUTE_MS = 60_000;

/**
 * One budget per app user and one per tenant, so a single tenant cannot starve the others.
 * A refused call spends neither: one user over their limit leaves the tenant's budget to the rest.
 */
export async function enforceRateLimits<R>(
  deps: GatewayDeps,
  principal: Principal,
  next: () => Promise<R>,
): Promise<R> {
  const { principalPerMinute, tenantPerMinute } = deps.settings.rateLimits;
  const decision = await deps.rateLimiter.consume([
    {
      key: `p:${principal.tenantId}:${principal.appUserId}`,
      limit: principalPerMinute,
      windowMs: MINUTE_MS,
    },
    { key: `t:${principal.tenantId}`, limit: tenantPerMinute, windowMs: MINUTE_MS },
  ]);
  if (!decision.allowed) {
    const tenantWide = decision.rule.startsWith('t:');
    deps.limitEvents.refused(tenantWide ? 'tenant_rate' : 'user_rate');
    throw gatewayError(
      'TOO_MANY_REQUESTS',
      `Rate limit of this ${tenantWide ? 'tenant' : 'user'} reached`,
      { retryAfterMs: decision.retryAfterMs },
    );
  }
  return next();
}

/**
 * Calls to Asleep made on a tenant's behalf because the platform could not answer itself (a
 * session id the store does not hold, the store unreachable): they spend the tenant's Asleep
 * quota, so each tenant gets a budget of them per minute, shared by every replica.
 */
export async function spendAsleepBudget(deps: GatewayDeps, tenantId: string): Promise<void> {
  const decision = await deps.rateLimiter.consume([
    { key: `a:${tenantId}`, limit: deps.settings.rateLimits.asleepPerMinute, windowMs: MINUTE_MS },
  ]);
  if (decision.allowed) return;
  deps.limitEvents.refused('asleep_budget');
  throw gatewayError(
    'TOO_MANY_REQUESTS',
    "This tenant's budget of look-ups at Asleep is spent for now",
    { retryAfterMs: decision.retryAfterMs },
  );
}
