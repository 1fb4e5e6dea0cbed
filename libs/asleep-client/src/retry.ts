import type { AsleepClientError } from './errors';
import type { AsleepClientConfig } from './options';

export type RetryReason = 'rate_limited' | 'server_error' | 'timeout' | 'network';

/** Why an error may be retried, or undefined when it must not be (an open breaker included). */
export function retryReason(error: AsleepClientError): RetryReason | undefined {
  if (error.kind === 'rate_limited') return 'rate_limited';
  if (error.kind === 'unavailable' && error.reason !== 'breaker_open') return error.reason;
  return undefined;
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base * 2^n)), which
 * spreads clients that failed together (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
export function backoffDelay(
  retry: AsleepClientConfig['retry'],
  retryIndex: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
