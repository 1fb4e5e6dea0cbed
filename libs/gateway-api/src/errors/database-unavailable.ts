import { isDatabaseUnavailable } from '@sleep/persistence';
import { TRPCError } from '@trpc/server';
import type { Context } from '../context';
import { gatewayError } from './gateway-error';

/**
 * A database restart, failover or a pool with no connection free in time is a wait, not a bug:
 * 503 with a retry hint, as for Asleep. The cause is logged (a pool that timed out waiting for
 * a connection reads the same to the client as a server that went away) and kept on the error
 * for the logs only.
 */
export function databaseUnavailable(ctx: Pick<Context, 'deps'>, path: string, cause: unknown) {
  ctx.deps.logger.warn({ err: cause, path }, 'database unavailable; answered SERVICE_UNAVAILABLE');
  return gatewayError('SERVICE_UNAVAILABLE', 'Temporarily unavailable; try again shortly', {
    retryAfterMs: 2_000,
    cause,
  });
}

/**
 * `error` as the client should see it: an unexpected error (not a TRPCError raised on purpose)
 * that means the database cannot be reached becomes SERVICE_UNAVAILABLE; anything else unchanged.
 */
export function withUnavailableDatabase(
  ctx: Pick<Context, 'deps'>,
  path: string,
  error: unknown,
): unknown {
  const unexpected =
    error instanceof TRPCError
      ? error.code === 'INTERNAL_SERVER_ERROR'
        ? error.cause
        : undefined
      : error;
  if (unexpected === undefined || !isDatabaseUnavailable(unexpected)) return error;
  return databaseUnavailable(ctx, path, unexpected);
}

/** A subscription's events, its unreachable-database errors (raised while streaming) mapped likewise. */
export async function* streamWithUnavailableDatabase<T>(
  ctx: Pick<Context, 'deps'>,
  path: string,
  events: AsyncIterable<T>,
): AsyncGenerator<T> {
  try {
    yield* events;
  } catch (error) {
    throw withUnavailableDatabase(ctx, path, error);
  }
}
