const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone, before anything is cached.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * An instant as Asleep renders datetimes: wall time in `timeZone` with its offset,
 * `YYYY-MM-DDTHH:mm:ss+HH:MM` (`+00:00` for UTC, never `Z`). Sub-second parts are truncated.
 * An offset with seconds (pre-1900 local mean time) gets a `:SS` suffix, as Python prints it.
 */
export function formatInstant(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${ms}`);
  // Intl reads a missing zone as the process's zone: that must never decide what we print.
  if (typeof timeZone !== 'string' || timeZone === '') {
    throw new RangeError(`not a time zone: ${String(timeZone)}`);
  }
  const instantMs = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  wall.setUTCHours(parts.hour, parts.minute, parts.second);
  const offsetSeconds = (wall.getTime() - instantMs) / 1000;

  const magnitude = Math.abs(offsetSeconds);
  const sign = offsetSeconds < 0 ? '-' : '+';
  const offsetSecondsPart = magnitude % 60 === 0 ? '' : `:${pad(magnitude % 60)}`;
  const offset = `${sign}${pad(Math.floor(magnitude / 3600))}:${pad(Math.floor(magnitude / 60) % 60)}${offsetSecondsPart}`;
  const date = `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
  const time = `${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}`;
  return `${date}T${time}${offset}`;
}
