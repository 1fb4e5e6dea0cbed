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
    // A start that cannot be read is never earlier than a night's: never picked.
    .filter(({ startMs }) => !Number.isNaN(startMs))
    .sort((a, b) => b.startMs - a.startMs);
  const max = TIMING_HISTORY_MAX;
  return (fact) => {
    const startMs = parseInstant(fact.startTime);
    // Latest first: the nights that start earlier are those from the first one that does on.
    let low = 0;
    let high = candidates.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (candidates[middle].startMs < startMs) high = middle;
      else low = middle + 1;
    }
    const previous: NightFact[] = [];
    for (let i = low; i < candidates.length && previous.length < max; i++) {
      const { other } = candidates[i];
      if (other.sessionId !== fact.sessionId) previous.push(other);
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
