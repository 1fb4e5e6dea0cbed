import type { NightFact } from '@sleep/contracts';
import { circularDistanceSeconds, circularMeanSeconds } from './circular';
import { roundHalfAwayFromZero } from './exact-rounding';
import { midSleepSeconds } from './mid-sleep';
import { isSlept } from './night-facts';
import { DAY_SECONDS, formatTimeOfDay, isoWeekday } from './zoned-time';

/** ISO weekdays of free sleep days by default: Saturday and Sunday (nights from Friday and Saturday). */
export const DEFAULT_FREE_DAYS: readonly number[] = [6, 7];
export const CHRONOTYPE_MIN_FREE_NIGHTS = 2;
export const CHRONOTYPE_MIN_WORK_NIGHTS = 3;

export interface ChronotypeOptions {
  /** ISO weekdays (1 Monday .. 7 Sunday) of the sleep days that are free days; tenant setting. */
  readonly freeDays?: readonly number[];
  /** Zone for mid-sleep times; each night's own by default. */
  readonly timezone?: string;
}

export interface Chronotype {
  /** MSFsc, seconds since midnight (rounded), and as `hh:mm:ss`; null with `reason`. */
  readonly msfsc: number | null;
  readonly msfscTime: string | null;
  /** Mid-sleep on free and on work days, seconds since midnight (rounded). */
  readonly msf: number | null;
  readonly msw: number | null;
  /** Mean sleep duration (time_in_sleep_period) on work / free days, seconds (rounded). */
  readonly sleepDurationWork: number | null;
  readonly sleepDurationFree: number | null;
  /** |MSF - MSW| around the clock, minutes with one decimal (Wittmann et al. 2006). */
  readonly socialJetLagMinutes: number | null;
  /** The same, unrounded seconds, for thresholds. */
  readonly socialJetLagSeconds: number | null;
  readonly freeNights: number;
  readonly workNights: number;
  readonly reason: 'too-few-nights' | 'no-mean-time' | null;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Chronotype MSFsc (Roenneberg et al. 2004, 2012) and social jet lag over slept main sleeps: free
 * nights are those whose sleep day is a free day. SDweek weighs work and free days by how many
 * weekdays each kind has (5 and 2 by default).
 */
export function chronotype(
  facts: readonly NightFact[],
  options: ChronotypeOptions = {},
): Chronotype {
  const freeDays = options.freeDays ?? DEFAULT_FREE_DAYS;
  const free: { mid: number; duration: number }[] = [];
  const work: { mid: number; duration: number }[] = [];
  for (const fact of facts) {
    if (!fact.mainSleep || fact.nap || !isSlept(fact) || fact.stat === null) continue;
    const mid = midSleepSeconds(fact, options.timezone ?? fact.timezone);
    if (mid === null) continue;
    const entry = { mid, duration: fact.stat.time_in_sleep_period };
    (freeDays.includes(isoWeekday(fact.sleepDay)) ? free : work).push(entry);
  }
  const none = {
    msfsc: null,
    msfscTime: null,
    msf: null,
    msw: null,
    sleepDurationWork: null,
    sleepDurationFree: null,
    socialJetLagMinutes: null,
    socialJetLagSeconds: null,
    freeNights: free.length,
    workNights: work.length,
  };
  if (free.length < CHRONOTYPE_MIN_FREE_NIGHTS || work.length < CHRONOTYPE_MIN_WORK_NIGHTS) {
    return { ...none, reason: 'too-few-nights' };
  }
  const msf = circularMeanSeconds(free.map((n) => n.mid));
  const msw = circularMeanSeconds(work.map((n) => n.mid));
  if (msf === null || msw === null) return { ...none, reason: 'no-mean-time' };
  const sdF = mean(free.map((n) => n.duration));
  const sdW = mean(work.map((n) => n.duration));
  const freeCount = freeDays.length;
  const sdWeek = ((7 - freeCount) * sdW + freeCount * sdF) / 7;
  const corrected = sdF > sdW ? msf - (sdF - sdWeek) / 2 : msf;
  const msfsc = Math.round(((corrected % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS) % DAY_SECONDS;
  const jetLag = circularDistanceSeconds(msf, msw);
  return {
    msfsc,
    msfscTime: formatTimeOfDay(msfsc),
    msf: Math.round(msf) % DAY_SECONDS,
    msw: Math.round(msw) % DAY_SECONDS,
    sleepDurationWork: Math.round(sdW),
    sleepDurationFree: Math.round(sdF),
    socialJetLagMinutes: roundHalfAwayFromZero(jetLag / 60, 1),
    socialJetLagSeconds: jetLag,
    freeNights: free.length,
    workNights: work.length,
    reason: null,
  };
}
