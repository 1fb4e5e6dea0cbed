import { wallDate, zoneOffsetMs } from './zone-offset';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const DAY_MS = 86_400_000;
const YEAR_0_MS = Date.UTC(2000, 0, 1) - 730_485 * DAY_MS;
const YEAR_10000_MS = Date.UTC(9999, 11, 31) + DAY_MS;
/** Offsets are whole seconds within a day, so this stays small. */
const offsetTexts = new Map<number, string>();

/**
 * An instant as Asleep renders datetimes: wall time in `timeZone` with its offset,
 * `YYYY-MM-DDTHH:mm:ss+HH:MM` (`+00:00` for UTC, never `Z`). Sub-second parts are truncated.
 * An offset with seconds (pre-1900 local mean time) gets a `:SS` suffix, as Python prints it.
 */
export function formatInstant(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${ms}`);
  const instantMs = Math.floor(ms / 1000) * 1000;
  const offsetMs = zoneOffsetMs(instantMs, timeZone);
  const wallMs = instantMs + offsetMs;
  if (wallMs >= YEAR_0_MS && wallMs < YEAR_10000_MS) return renderedText(wallMs, offsetMs / 1000);
  const wall = wallDate(instantMs, timeZone);
  const parts = {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };

  const date = `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
  const time = `${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}`;
  return `${date}T${time}${offsetText(offsetMs / 1000)}`;
}

/** `00`..`99`. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => pad(value));
/** `YYYY-MM-DDT` by day number since 1970-01-01: the days an answer renders are few. */
const MAX_DATE_TEXTS = 50_000;
const dateTexts = new Map<number, string>();
/** `HH:mm:` by minute of the day. */
const MINUTE_TEXTS = Array.from(
  { length: 1_440 },
  (_, minute) => `${TWO_DIGITS[Math.floor(minute / 60)]}:${TWO_DIGITS[minute % 60]}:`,
);

/**
 * `YYYY-MM-DDTHH:mm:ss±HH:MM` of a whole-second wall clock in years 0-9999 and its offset, joined
 * from remembered parts: its date's, its minute's, its seconds' and its offset's texts (A1 renders
 * hundreds of instants per answer, mostly on a few dates: one string of 25 character codes made
 * each time cost twice as much, JSON writing the joined parts included).
 */
function renderedText(wallMs: number, offsetSeconds: number): string {
  const days = Math.floor(wallMs / DAY_MS);
  const secondOfDay = (wallMs - days * DAY_MS) / 1000;
  return (
    dateText(days) +
    MINUTE_TEXTS[Math.floor(secondOfDay / 60)] +
    TWO_DIGITS[secondOfDay % 60] +
    offsetText(offsetSeconds)
  );
}

function dateText(days: number): string {
  let text = dateTexts.get(days);
  if (text === undefined) {
    if (dateTexts.size >= MAX_DATE_TEXTS) dateTexts.clear();
    text = civilDateText(days);
    dateTexts.set(days, text);
  }
  return text;
}

/** `YYYY-MM-DDT` of a day number, as in H. Hinnant's `civil_from_days` (no Date object). */
function civilDateText(days: number): string {
  const fromMarch = days + 719_468;
  const era = Math.floor(fromMarch / 146_097);
  const dayOfEra = fromMarch - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${TWO_DIGITS[Math.floor(year / 100)]}${TWO_DIGITS[year % 100]}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T`;
}

/** `+HH:MM` (`:SS` appended when the offset has seconds), remembered: zones use a few offsets. */
function offsetText(offsetSeconds: number): string {
  let text = offsetTexts.get(offsetSeconds);
  if (text === undefined) {
    const magnitude = Math.abs(offsetSeconds);
    const sign = offsetSeconds < 0 ? '-' : '+';
    const secondsPart = magnitude % 60 === 0 ? '' : `:${pad(magnitude % 60)}`;
    text = `${sign}${pad(Math.floor(magnitude / 3600))}:${pad(Math.floor(magnitude / 60) % 60)}${secondsPart}`;
    offsetTexts.set(offsetSeconds, text);
  }
  return text;
}
