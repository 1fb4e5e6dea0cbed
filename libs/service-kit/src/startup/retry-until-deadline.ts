import { setTimeout as sleep } from 'node:timers/promises';
import type { StartupDeadline } from './startup-deadline';

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** First retry after 250 ms, doubling up to 2 s: ready within about 2 s of a late dependency. */
export const STARTUP_BACKOFF: Backoff = { initialMs: 250, maxMs: 2_000 };

export function backoffDelayMs(attempt: number, { initialMs, maxMs }: Backoff): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}

export interface RetryNotice {
  attempt: number;
  delayMs: number;
  error: Error;
}

export interface RetryUntilDeadlineOptions {
  deadline: StartupDeadline;
  backoff?: Backoff;
  /** Errors that no wait can fix (bad credentials, a broken migration) end the retries at once. */
  isPermanent?: (error: Error) => boolean;
  onRetry?: (notice: RetryNotice) => void;
}

/**
 * Runs `attempt` until it resolves, backing off exponentially between failures; once the deadline
 * has passed, the last failure is raised as the deadline's error naming `what`.
 */
export async function retryUntilDeadline<T>(
  what: string,
  attempt: () => Promise<T>,
  { deadline, backoff = STARTUP_BACKOFF, isPermanent, onRetry }: RetryUntilDeadlineOptions,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      if (isPermanent?.(error)) throw error;
      const remainingMs = deadline.remainingMs();
      if (remainingMs === 0) throw deadline.error(`${what} (${error.message})`);
      const delayMs = Math.min(remainingMs, backoffDelayMs(tries, backoff));
      onRetry?.({ attempt: tries, delayMs, error });
      await sleep(delayMs);
    }
  }
}
