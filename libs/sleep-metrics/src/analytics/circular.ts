import { DAY_SECONDS } from './zoned-time';

/** Below this resultant length the clock vectors cancel and no mean time exists. */
export const MIN_RESULTANT = 1e-9;

/**
 * Circular mean of times of day (seconds since midnight) on the 24-hour clock: the mean of unit
 * vectors at 2pi * s / 86400, turned back into seconds in [0, 86400). 23:30 and 00:30 give 00:00.
 * Null for no values or when the vectors cancel.
 */
export function circularMeanSeconds(seconds: readonly number[]): number | null {
  if (seconds.length === 0) return null;
  let x = 0;
  let y = 0;
  for (const s of seconds) {
    const angle = (2 * Math.PI * s) / DAY_SECONDS;
    x += Math.cos(angle);
    y += Math.sin(angle);
  }
  x /= seconds.length;
  y /= seconds.length;
  if (Math.hypot(x, y) < MIN_RESULTANT) return null;
  const mean = (Math.atan2(y, x) / (2 * Math.PI)) * DAY_SECONDS;
  return ((mean % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
}

/** Shortest distance between two times of day around the clock, 0..43200 s. */
export function circularDistanceSeconds(a: number, b: number): number {
  const d = (((a - b) % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
  return Math.min(d, DAY_SECONDS - d);
}

/** Signed difference a - b wrapped into (-43200, 43200]. */
export function circularDifferenceSeconds(a: number, b: number): number {
  const d = (((a - b) % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
  return d > DAY_SECONDS / 2 ? d - DAY_SECONDS : d;
}
