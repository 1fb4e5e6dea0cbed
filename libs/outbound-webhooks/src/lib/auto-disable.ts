export interface AutoDisablePolicy {
  /** An endpoint failing without a single success for this long is disabled… */
  failingForMs: number;
  /** …once it has failed at least this many attempts in a row (one blip is not an outage). */
  minConsecutiveFailures: number;
}

/** Production: a day of failures, at least 10 in a row. */
export const DEFAULT_AUTO_DISABLE: AutoDisablePolicy = {
  failingForMs: 24 * 3_600_000,
  minConsecutiveFailures: 10,
};

export interface FailureStreak {
  consecutiveFailures: number;
  /** The first failure after the last success; null while healthy. */
  failingSince: Date | null;
}

export function shouldAutoDisable(
  policy: AutoDisablePolicy,
  streak: FailureStreak,
  now: Date,
): boolean {
  return (
    streak.failingSince !== null &&
    streak.consecutiveFailures >= policy.minConsecutiveFailures &&
    now.getTime() - streak.failingSince.getTime() >= policy.failingForMs
  );
}
