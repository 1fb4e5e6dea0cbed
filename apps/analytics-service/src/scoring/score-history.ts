import type { NightFact } from '@sleep/contracts';
import { isSlept, midSleepSeconds, parseInstant, TIMING_HISTORY_MAX } from '@sleep/sleep-metrics';

/**
 * For scoring many nights of one user: the part of `history` that `scoreNight` reads for a night
 * (its latest earlier slept main sleeps, latest first, at most `TIMING_HISTORY_MAX`), picked from
 * one sorted list instead of filtering and sorting the whole history again for every night. The
 * score is the same as with the whole history: same nights, same order (ties keep history order).
 */
export function scoreHistories(
  history: readonly NightFact[],
): (fact: NightFact) => readonly NightFact[] {
  const candidates = history
    .filter((other) => other.mainSleep && !other.nap && isSlept(other))
    .map((other) => ({ other, startMs: parseInstant(other.startTime) }))
    .sort((a, b) => b.startMs - a.startMs);
  return (fact) => {
    const startMs = parseInstant(fact.startTime);
    const previous: NightFact[] = [];
    for (const { other, startMs: otherMs } of candidates) {
      if (previous.length === TIMING_HISTORY_MAX) break;
      if (otherMs < startMs && other.sessionId !== fact.sessionId) previous.push(other);
    }
    return previous;
  };
}

/**
 * `midSleepSeconds` remembering each night's answer for the zone it was last asked in: scoring a
 * user's nights reads every main sleep's mid-sleep again for each of the next 14 nights. Keyed by
 * the fact object, so only for facts that are not changed while it is in use.
 */
export function midSleepMemo(): (fact: NightFact, timeZone: string) => number | null {
  const known = new Map<NightFact, { zone: string; seconds: number | null }>();
  return (fact, timeZone) => {
    const hit = known.get(fact);
    if (hit && hit.zone === timeZone) return hit.seconds;
    const seconds = midSleepSeconds(fact, timeZone);
    known.set(fact, { zone: timeZone, seconds });
    return seconds;
  };
}
