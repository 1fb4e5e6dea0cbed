import { isIanaTimezone } from '@sleep/contracts';
import { formatInstant } from '@sleep/sleep-metrics';

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export { formatInstant, isIanaTimezone };

/** `YYYY-MM-DD` of an instant as seen in `timeZone`. */
export const calendarDateIn = (ms: number, timeZone: string): string =>
  formatInstant(ms, timeZone).slice(0, 10);

/** `hh:mm:ss` of an instant as seen in `timeZone`. */
export const timeOfDayIn = (ms: number, timeZone: string): string =>
  formatInstant(ms, timeZone).slice(11, 19);

/** U2 renders `last_session_info` datetimes in UTC without an offset (Asleep contract U2). */
export const naiveUtc = (ms: number): string => formatInstant(ms, 'UTC').slice(0, 19);

/** Offset of `timeZone` at an instant, in ms (wall time minus UTC). */
export function offsetMsAt(ms: number, timeZone: string): number {
  const rendered = formatInstant(ms, timeZone);
  const wall = Date.parse(`${rendered.slice(0, 19)}Z`);
  return wall - Math.floor(ms / SECOND_MS) * SECOND_MS;
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` + `secondsOfDay` (may exceed a
 * day). In a DST gap the later offset wins; that is all a night generator needs.
 */
export function zonedToInstant(date: string, secondsOfDay: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + secondsOfDay * SECOND_MS;
  let guess = wall - offsetMsAt(wall, timeZone);
  guess = wall - offsetMsAt(guess, timeZone);
  return guess;
}

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** `YYYYMMDDhhmmss` of an instant in UTC, the stamp inside Asleep ids (Asleep contract 1.1). */
export const utcStamp = (ms: number): string =>
  formatInstant(ms, 'UTC').slice(0, 19).replace(/[-T:]/g, '');
