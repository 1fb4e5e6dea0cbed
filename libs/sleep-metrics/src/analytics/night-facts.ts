import type { NightFact, NightRecord, SleepDayRule } from '@sleep/contracts';
import { addDays, localDate, secondsOfDay } from './zoned-time';

const HOUR_MS = 3600_000;
/** Analytics definitions, section 2: a nap is shorter than this in bed... */
export const NAP_MAX_TIME_IN_BED_SECONDS = 3 * 3600;
/** ...and starts between these local times (seconds since midnight, end exclusive). */
export const NAP_START_WINDOW = { from: 9 * 3600, to: 19 * 3600 } as const;

export const startMsOf = (night: Pick<NightRecord, 'startTime'>) => Date.parse(night.startTime);
export const endMsOf = (night: Pick<NightRecord, 'endTime'>) => Date.parse(night.endTime);

/**
 * The calendar date a night belongs to. `end-date` (default): the date on which it ends in the
 * zone. `noon-anchor`: the date of its start instant moved back 12 h, rendered in the zone. Dates
 * always come from rendering an instant, so DST changes cannot shift them.
 */
export function sleepDayOf(
  startMs: number,
  endMs: number,
  timeZone: string,
  rule: SleepDayRule = 'end-date',
): string {
  return rule === 'noon-anchor'
    ? localDate(startMs - 12 * HOUR_MS, timeZone)
    : localDate(endMs, timeZone);
}

/**
 * The sleep day of a session that may not have ended (tracking completeness counts started nights
 * on it): its sleep day once the end is known; before that the noon anchor needs only the start,
 * and under the end-date rule a session starting at 19:00 or later (past the last nap start)
 * counts for the next day, as a night ending after midnight will.
 */
export function sleepDayOfStarted(
  startMs: number,
  endMs: number | null,
  timeZone: string,
  rule: SleepDayRule = 'end-date',
): string {
  if (endMs !== null || rule === 'noon-anchor')
    return sleepDayOf(startMs, endMs ?? startMs, timeZone, rule);
  const day = localDate(startMs, timeZone);
  return secondsOfDay(startMs, timeZone) >= NAP_START_WINDOW.to ? addDays(day, 1) : day;
}

/** Time in bed under 3 h and a start between 09:00 and 19:00 local. */
export function isNap(startMs: number, endMs: number, timeZone: string): boolean {
  const timeInBedSeconds = Math.floor((endMs - startMs) / 1000);
  if (timeInBedSeconds >= NAP_MAX_TIME_IN_BED_SECONDS) return false;
  const startOfDay = secondsOfDay(startMs, timeZone);
  return startOfDay >= NAP_START_WINDOW.from && startOfDay < NAP_START_WINDOW.to;
}

/** A night with sleep in it: stats present, not NEVER_SLEPT, some time asleep. */
export function isSlept(night: Pick<NightRecord, 'stat' | 'peculiarities'>): boolean {
  return (
    night.stat !== null &&
    night.stat.time_in_sleep > 0 &&
    !night.peculiarities.includes('NEVER_SLEPT')
  );
}

/**
 * Orders candidates for the main sleep of one day, best first (ours): more time asleep, then more
 * time in bed, then the earlier start, then the session id, so the choice never depends on order.
 */
function compareForMainSleep(a: NightRecord, b: NightRecord): number {
  const sleepA = a.stat?.time_in_sleep ?? 0;
  const sleepB = b.stat?.time_in_sleep ?? 0;
  if (sleepA !== sleepB) return sleepB - sleepA;
  const bedA = endMsOf(a) - startMsOf(a);
  const bedB = endMsOf(b) - startMsOf(b);
  if (bedA !== bedB) return bedB - bedA;
  const startDiff = startMsOf(a) - startMsOf(b);
  if (startDiff !== 0) return startDiff;
  return a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0;
}

export interface DeriveOptions {
  readonly sleepDayRule?: SleepDayRule;
  /**
   * The tenant's zone override; otherwise each night's own `timezone`. The fact carries the zone
   * used, so every later time of day reads the night the same way.
   */
  readonly timezone?: string;
}

/**
 * Adds sleep day, nap flag and main-sleep flag to each night. Main sleeps are chosen per
 * (user, sleep day) among the non-nap nights given, so pass every night of the affected days.
 */
export function deriveNightFacts(
  records: readonly NightRecord[],
  options: DeriveOptions = {},
): NightFact[] {
  const partial = records.map((record) => {
    const zone = options.timezone ?? record.timezone;
    const startMs = startMsOf(record);
    const endMs = endMsOf(record);
    return {
      ...record,
      timezone: zone,
      sleepDay: sleepDayOf(startMs, endMs, zone, options.sleepDayRule),
      nap: isNap(startMs, endMs, zone),
      mainSleep: false,
    };
  });
  const best = new Map<string, NightFact>();
  for (const fact of partial) {
    if (fact.nap) continue;
    const key = `${fact.userId}\u0000${fact.sleepDay}`;
    const current = best.get(key);
    if (!current || compareForMainSleep(fact, current) < 0) best.set(key, fact);
  }
  const mains = new Set(best.values());
  return partial.map((fact) => (mains.has(fact) ? { ...fact, mainSleep: true } : fact));
}
