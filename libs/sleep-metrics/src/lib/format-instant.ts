import { wallDate, zoneOffsetMs } from './zone-offset';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * An instant as Asleep renders datetimes: wall time in `timeZone` with its offset,
 * `YYYY-MM-DDTHH:mm:ss+HH:MM` (`+00:00` for UTC, never `Z`). Sub-second parts are truncated.
 * An offset with seconds (pre-1900 local mean time) gets a `:SS` suffix, as Python prints it.
 */
export function formatInstant(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${ms}`);
  const instantMs = Math.floor(ms / 1000) * 1000;
  const offsetSeconds = zoneOffsetMs(instantMs, timeZone) / 1000;
  const wall = wallDate(instantMs, timeZone);
  const parts = {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };

  const magnitude = Math.abs(offsetSeconds);
  const sign = offsetSeconds < 0 ? '-' : '+';
  const offsetSecondsPart = magnitude % 60 === 0 ? '' : `:${pad(magnitude % 60)}`;
  const offset = `${sign}${pad(Math.floor(magnitude / 3600))}:${pad(Math.floor(magnitude / 60) % 60)}${offsetSecondsPart}`;
  const date = `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
  const time = `${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}`;
  return `${date}T${time}${offset}`;
}
