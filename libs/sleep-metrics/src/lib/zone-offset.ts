/**
 * UTC offsets of IANA zones through Intl, cached per 15-minute slice of time: Intl formatting is
 * slow, and an offset only changes at a transition. A slice with a transition inside it is never
 * cached; its instants are asked of Intl one by one.
 */
const SLICE_MS = 15 * 60_000;
const MAX_CACHED_SLICES = 200_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const slices = new Map<string, Map<number, number>>();
let cachedSlices = 0;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Intl reads a missing zone as the process's zone: that must never decide what we compute.
    if (typeof timeZone !== 'string' || timeZone === '') {
      throw new RangeError(`not a time zone: ${String(timeZone)}`);
    }
    // Throws RangeError for an unknown zone, before anything is cached.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset (wall clock minus instant, ms) at a whole-second instant, asked of Intl. */
function offsetFromIntl(secondMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(secondMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  wall.setUTCHours(parts.hour, parts.minute, parts.second);
  return wall.getTime() - secondMs;
}

/** The zone's UTC offset in ms at an instant (seconds of the instant truncated toward the past). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  // The zone events and stored stats are rendered in: no transitions, nothing to ask.
  if (timeZone === 'UTC') return 0;
  const secondMs = Math.floor(ms / 1000) * 1000;
  const slice = Math.floor(secondMs / SLICE_MS);
  let zoneSlices = slices.get(timeZone);
  if (!zoneSlices) {
    formatterFor(timeZone);
    zoneSlices = new Map();
    slices.set(timeZone, zoneSlices);
  }
  const cached = zoneSlices.get(slice);
  if (cached !== undefined) return cached;
  const first = slice * SLICE_MS;
  const atStart = offsetFromIntl(first, timeZone);
  const atEnd = offsetFromIntl(first + SLICE_MS - 1000, timeZone);
  if (atStart !== atEnd) return offsetFromIntl(secondMs, timeZone);
  if (cachedSlices >= MAX_CACHED_SLICES) {
    for (const map of slices.values()) map.clear();
    cachedSlices = 0;
  }
  zoneSlices.set(slice, atStart);
  cachedSlices++;
  return atStart;
}

/** The wall clock of an instant in a zone, as the UTC fields of a Date. */
export function wallDate(ms: number, timeZone: string): Date {
  const secondMs = Math.floor(ms / 1000) * 1000;
  return new Date(secondMs + zoneOffsetMs(secondMs, timeZone));
}
