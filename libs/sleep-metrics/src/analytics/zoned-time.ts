/** Wall-clock arithmetic in an IANA zone through Intl only: instants in, calendar dates out. */
import { wallDate, zoneOffsetMs } from '../lib/zone-offset';

export const DAY_SECONDS = 86_400;
const DAY_MS = DAY_SECONDS * 1000;
/** `startOfLocalDay` by zone and date, bounded. */
const MAX_CACHED_DAY_STARTS = 100_000;
const dayStartCache = new Map<string, number>();
/** `dayNumber` and `dateOfDayNumber`, bounded. */
const MAX_REMEMBERED_DATES = 100_000;
const dayNumbers = new Map<string, number>();
const datesOfDayNumbers = new Map<number, string>();

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** True when the runtime knows the zone (the contract's `isIanaTimezone` adds the shape rules). */
export function isKnownZone(timeZone: string): boolean {
  try {
    zoneOffsetMs(0, timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of an instant in a zone (seconds truncated toward the past). */
export function wallClock(ms: number, timeZone: string): WallClock {
  const wall = wallDate(ms, timeZone);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `YYYY-MM-DD` of an instant in a zone. */
export function localDate(ms: number, timeZone: string): string {
  const wall = wallDate(ms, timeZone);
  return `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
}

/**
 * Days since 1970-01-01 of an instant's wall date in a zone: `dayNumber(localDate(ms, timeZone))`
 * without making the date's text and parsing it back.
 */
export function localDayNumber(ms: number, timeZone: string): number {
  const secondMs = Math.floor(ms / 1000) * 1000;
  return Math.floor((secondMs + zoneOffsetMs(secondMs, timeZone)) / DAY_MS);
}

/** Seconds since local midnight of the wall clock (0..86399). */
export function secondsOfDay(ms: number, timeZone: string): number {
  const secondMs = Math.floor(ms / 1000) * 1000;
  const wallMs = secondMs + zoneOffsetMs(secondMs, timeZone);
  return (((wallMs / 1000) % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
}

/** UTC offset of the zone at an instant, in ms (wall clock minus instant). */
export function offsetMs(ms: number, timeZone: string): number {
  return zoneOffsetMs(ms, timeZone);
}

/** Days since 1970-01-01 of a calendar date `YYYY-MM-DD`. */
export function dayNumber(date: string): number {
  // Remembered both ways: report periods and windows do this arithmetic on a few dates all day.
  let days = dayNumbers.get(date);
  if (days === undefined) {
    days = Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
    remember(dayNumbers, date, days);
  }
  return days;
}

/** The calendar date of a day number. */
export function dateOfDayNumber(days: number): string {
  let date = datesOfDayNumbers.get(days);
  if (date === undefined) {
    date = new Date(days * DAY_MS).toISOString().slice(0, 10);
    remember(datesOfDayNumbers, days, date);
  }
  return date;
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_REMEMBERED_DATES) map.clear();
  map.set(key, value);
}

/** Calendar arithmetic on dates; no zone involved. */
export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** ISO weekday of a calendar date: Monday 1 .. Sunday 7. */
export function isoWeekday(date: string): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/**
 * The first instant of a calendar date in a zone (its local 00:00, or the first wall time after a
 * gap when a DST jump skips midnight). Found from the offsets around it, never by adding hours.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  // Every SRI grid and cool-down asks for the same few days again; the answer never changes.
  const key = `${timeZone}\u0000${date}`;
  const cached = dayStartCache.get(key);
  if (cached !== undefined) return cached;
  const start = findStartOfLocalDay(date, timeZone);
  if (dayStartCache.size >= MAX_CACHED_DAY_STARTS) dayStartCache.clear();
  dayStartCache.set(key, start);
  return start;
}

function findStartOfLocalDay(date: string, timeZone: string): number {
  const wallMidnightAsUtc = dayNumber(date) * DAY_MS;
  let candidate = wallMidnightAsUtc - offsetMs(wallMidnightAsUtc, timeZone);
  candidate = wallMidnightAsUtc - offsetMs(candidate, timeZone);
  if (localDate(candidate, timeZone) === date && localDate(candidate - 1000, timeZone) < date) {
    return candidate;
  }
  // Midnight fell in a DST gap or was repeated: the first second whose local date is `date`.
  let lo = wallMidnightAsUtc - 30 * 3600_000;
  let hi = wallMidnightAsUtc + 30 * 3600_000;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (localDate(mid, timeZone) < date) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** `hh:mm:ss` of a number of seconds since midnight, wrapped into one day. */
export function formatTimeOfDay(seconds: number): string {
  const s = ((Math.round(seconds) % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}
