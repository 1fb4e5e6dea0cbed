import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Role } from './auth/principal';
import type { Context } from './context';
import {
  streamWithUnavailableDatabase,
  withUnavailableDatabase,
} from './errors/database-unavailable';
import { formatGatewayError } from './errors/error-formatter';
import { forbidden } from './errors/gateway-error';
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
export const authedProcedure = t.procedure.use(async ({ ctx, path, type, next }) => {
  try {
    const principal = await ctx.authenticate();
    const result = await meterUsage(ctx.deps, principal, path, async () => {
      await assertTenantServes(ctx.deps, principal);
      return enforceRateLimits(ctx.deps, principal, () => next({ ctx: { principal } }));
    });
    if (!result.ok) {
      const error = withUnavailableDatabase(ctx, path, result.error);
      if (error !== result.error) throw error;
      return result;
    }
    // A subscription's handler runs as it streams, after this middleware has returned.
    if (type === 'subscription' && isAsyncIterable(result.data))
      return { ...result, data: streamWithUnavailableDatabase(ctx, path, result.data) };
    return result;
  } catch (error) {
    throw withUnavailableDatabase(ctx, path, error);
  }
});

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/** Only for the listed roles; anyone else gets FORBIDDEN before any lookup. */
export function procedureFor(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.principal.role)) throw forbidden();
    return next();
  });
}
