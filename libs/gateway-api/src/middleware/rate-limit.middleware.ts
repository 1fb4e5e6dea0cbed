import type { Principal } from '../auth/principal';
import { gatewayError } from '../errors/gateway-error';
import type { GatewayDeps } from '../ports/gateway-deps';

const MINUTE_MS = 60_000;

/** One budget per app user and one per tenant, so a single tenant cannot starve the others. */
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
    const scope = decision.rule.startsWith('t:') ? 'tenant' : 'user';
    throw gatewayError('TOO_MANY_REQUESTS', `Rate limit of this ${scope} reached`, {
      retryAfterMs: decision.retryAfterMs,
    });
  }
  return next();
}
