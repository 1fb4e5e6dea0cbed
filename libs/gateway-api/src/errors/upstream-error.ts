import { type AsleepClientError, isAsleepError } from '@sleep/asleep-client';
import { TRPCError } from '@trpc/server';
import { gatewayError } from './gateway-error';

/** How long a client should wait before retrying once Asleep is unavailable. */
export interface UpstreamHints {
  /** While the breaker is open: about its reset timeout. */
  breakerOpenRetryMs: number;
  /** After a failed call (5xx, timeout, network). */
  unavailableRetryMs: number;
}

export const DEFAULT_UPSTREAM_HINTS: UpstreamHints = {
  breakerOpenRetryMs: 30_000,
  unavailableRetryMs: 2_000,
};

/**
 * Asleep's typed errors as the client should see them: what happened in words a frontend can
 * act on, never Asleep's own text (it may echo ids) nor anything about our key.
 */
export function upstreamError(
  error: AsleepClientError,
  what: string,
  hints: UpstreamHints,
): TRPCError {
  switch (error.kind) {
    case 'not_found':
      return gatewayError('NOT_FOUND', `${what} not found`);
    case 'unavailable':
      return gatewayError('SERVICE_UNAVAILABLE', 'Asleep is unavailable; try again later', {
        retryAfterMs:
          error.reason === 'breaker_open' ? hints.breakerOpenRetryMs : hints.unavailableRetryMs,
      });
    case 'rate_limited':
      return gatewayError('TOO_MANY_REQUESTS', "Asleep's rate limit for this tenant was reached", {
        retryAfterMs: hints.unavailableRetryMs,
      });
    case 'invalid_request':
      return gatewayError('BAD_REQUEST', 'Asleep refused the request', {
        issues: error.issues.map(({ path, message }) => ({ path: path || '(input)', message })),
      });
    case 'forbidden':
      return gatewayError(
        'PRECONDITION_FAILED',
        "The tenant's Asleep plan does not allow this call",
      );
    case 'unauthorized':
      return gatewayError(
        'PRECONDITION_FAILED',
        "Asleep refused the tenant's API key; an admin must rotate it",
      );
    case 'invalid_response':
      return gatewayError('BAD_GATEWAY', 'Asleep answered in an unexpected shape');
  }
}

/** Runs an Asleep call, turning its typed errors into client errors; anything else propagates. */
export async function viaAsleep<T>(
  what: string,
  hints: UpstreamHints,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isAsleepError(error)) throw upstreamError(error, what, hints);
    throw error;
  }
}
