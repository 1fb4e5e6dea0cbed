import { formatInstant } from '@sleep/sleep-metrics';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const localDate = (ms: number, timeZone: string) => formatInstant(ms, timeZone).slice(0, 10);

/**
 * The first instant whose calendar date in `timeZone` is `date` or later: local midnight, or the
 * end of a DST gap that swallows midnight. Offsets lie within ±15 h, and the local date only moves
 * forward there, so a binary search over whole seconds finds it.
 */
export function startOfZonedDay(date: string, timeZone: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  let lo = (utcMidnight - 15 * HOUR_MS) / 1000;
  let hi = (utcMidnight + 15 * HOUR_MS) / 1000;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDate(mid * 1000, timeZone) >= date) hi = mid;
    else lo = mid + 1;
  }
  return lo * 1000;
}

export const nextDate = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * S2's date filters as a half-open instant range: sessions whose start date, in `timeZone`, lies
 * in `[dateGte, dateLte]` (Asleep contract S2, 7.3).
 */
export function startDateRange(
  timeZone: string,
  dateGte?: string,
  dateLte?: string,
): { fromMs: number | null; untilMs: number | null } {
  return {
    fromMs: dateGte ? startOfZonedDay(dateGte, timeZone) : null,
    untilMs: dateLte ? startOfZonedDay(nextDate(dateLte), timeZone) : null,
  };
}
