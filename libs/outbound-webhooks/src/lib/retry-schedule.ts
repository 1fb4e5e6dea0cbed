export interface RetrySchedule {
  /** Delay before the first retry; doubled for each later one. */
  baseMs: number;
  /** No wait between two attempts is longer. */
  maxMs: number;
  /** Past this much time since the message was first due, it is given up. */
  horizonMs: number;
}

/** Production: 30 s doubling to 4 h, for up to 3 days (about 25 attempts). */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  baseMs: 30_000,
  maxMs: 4 * 3_600_000,
  horizonMs: 3 * 24 * 3_600_000,
};

/**
 * When to try again after `failedAttempts` failures of a message first due at `firstDueAt`; null
 * once the next try would fall past the horizon. Exponential backoff with "equal jitter" (half
 * fixed, half random): receivers coming back from an outage are not hit by every sender at once.
 */
export function nextAttemptAt(
  schedule: RetrySchedule,
  failedAttempts: number,
  firstDueAt: Date,
  now: Date,
  random: () => number = Math.random,
): Date | null {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 40);
  const ceiling = Math.min(schedule.baseMs * 2 ** exponent, schedule.maxMs);
  const delay = ceiling / 2 + random() * (ceiling / 2);
  const at = now.getTime() + Math.round(delay);
  return at - firstDueAt.getTime() > schedule.horizonMs ? null : new Date(at);
}
