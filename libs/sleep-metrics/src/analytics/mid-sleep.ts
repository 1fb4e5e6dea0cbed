import type { NightFact } from '@sleep/contracts';
import { parseInstant } from '../lib/parse-instant';
import { secondsOfDay } from './zoned-time';

/**
 * Mid-sleep (analytics definitions, section 5): the instant halfway between sleep onset and final
 * awakening, as seconds since local midnight in the zone. Null without both instants.
 */
export function midSleepSeconds(
  fact: Pick<NightFact, 'stat' | 'timezone'>,
  timeZone: string = fact.timezone,
): number | null {
  const instant = midSleepMs(fact);
  return instant === null ? null : secondsOfDay(instant, timeZone);
}

/** The mid-sleep instant, epoch ms (halfway, floored to the millisecond). */
export function midSleepMs(fact: Pick<NightFact, 'stat'>): number | null {
  const sleep = fact.stat?.sleep_time;
  const wake = fact.stat?.wake_time;
  if (!sleep || !wake) return null;
  const from = parseInstant(sleep);
  const to = parseInstant(wake);
  if (!(to > from)) return null;
  return Math.floor((from + to) / 2);
}
