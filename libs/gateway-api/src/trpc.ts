import { isDatabaseUnavailable } from '@sleep/persistence';
import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Role } from './auth/principal';
import type { Context } from './context';
import { formatGatewayError } from './errors/error-formatter';
import { forbidden, gatewayError } from './errors/gateway-error';
import { enforceRateLimits } from './middleware/rate-limit.middleware';
import { assertTenantServes } from './middleware/tenant-status';
import { meterUsage } from './middleware/usage-meter';

export type GatewayMeta = OpenApiMeta;

const t = initTRPC
  .context<Context>()
  .meta<GatewayMeta>()
  .create({
    // Never send stack traces, whatever NODE_ENV says.
    isDev: false,
    errorFormatter: formatGatewayError,
    sse: {
      ping: { enabled: true, intervalMs: 10_000 },
      // Proxies drop quiet connections; a client hearing nothing for this long reconnects and resumes.
      client: { reconnectAfterInactivityMs: 25_000 },
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Verified caller of a tenant that is served, usage metered, rate limited: every procedure (none
 * is public). One middleware rather than several, since each middleware level copies the context
 * on the hottest path.
 */
export const authedProcedure = t.procedure.use(async ({ ctx, path, next }) => {
  try {
    const principal = await ctx.authenticate();
    const result = await meterUsage(ctx.deps, principal, path, async () => {
      await assertTenantServes(ctx.deps, principal);
      return enforceRateLimits(ctx.deps, principal, () => next({ ctx: { principal } }));
    });
    // Only an unexpected error is told apart; one a handler raised on purpose says what it means.
    if (
      !result.ok &&
      result.error.code === 'INTERNAL_SERVER_ERROR' &&
      isDatabaseUnavailable(result.error.cause)
    )
      throw databaseUnavailable(ctx, path, result.error.cause);
    return result;
  } catch (error) {
    if (!(error instanceof TRPCError) && isDatabaseUnavailable(error))
      throw databaseUnavailable(ctx, path, error);
    throw error;
  }
});

/**
 * A database restart or failover is a wait, not a bug: 503 with a retry hint, as for Asleep. The
 * cause is logged (a pool that timed out waiting for a connection reads the same to the client
 * as a server that went away), and kept on the error for the logs only.
 */
function databaseUnavailable(ctx: Context, path: string, cause: unknown) {
  ctx.deps.logger.warn({ err: cause, path }, 'database unavailable; answered SERVICE_UNAVAILABLE');
  return gatewayError('SERVICE_UNAVAILABLE', 'Temporarily unavailable; try again shortly', {
    retryAfterMs: 2_000,
    cause,
  });
}

/** Only for the listed roles; anyone else gets FORBIDDEN before any lookup. */
export function procedureFor(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.principal.role)) throw forbidden();
    return next();
  });
}
