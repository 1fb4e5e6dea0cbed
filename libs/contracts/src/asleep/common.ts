import { z } from 'zod';
import { printableText } from './schema-helpers';

/**
 * Asleep ids are opaque: store them as-is, never parse them (Asleep contract 1.1). They become
 * path segments of Asleep's API, where `.` and `..` would name another resource.
 */
const opaqueId = (what: string) =>
  printableText(what, 64).refine(
    (id) => id !== '.' && id !== '..',
    `${what} must not be "." or ".."`,
  );

export const AsleepUserIdSchema = opaqueId('user id');
export type AsleepUserId = z.infer<typeof AsleepUserIdSchema>;

export const AsleepSessionIdSchema = opaqueId('session id');
export type AsleepSessionId = z.infer<typeof AsleepSessionIdSchema>;

/** ISO-8601 with an offset (`+09:00` or `Z`): the form of every S1, S2, A1 and webhook datetime. */
export const OffsetDateTimeSchema = z.iso.datetime({ offset: true });
export type OffsetDateTime = z.infer<typeof OffsetDateTimeSchema>;

const HAS_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/**
 * Asleep contract U2: documented with an offset but shown without one, so a missing offset means
 * UTC. The output always carries an offset, so `new Date()` never reads it as local time.
 */
export const UtcDefaultDateTimeSchema = z.iso
  .datetime({ offset: true, local: true })
  .regex(/T\d{2}:\d{2}:\d{2}/, 'Datetime must include seconds')
  .transform((value) => (HAS_OFFSET.test(value) ? value : `${value}Z`));
export type UtcDefaultDateTime = z.infer<typeof UtcDefaultDateTimeSchema>;

/** A real calendar date `YYYY-MM-DD` (2025-02-30 is rejected). */
export const CalendarDateSchema = z.iso.date();
export type CalendarDate = z.infer<typeof CalendarDateSchema>;

/** Time of day `hh:mm:ss`, as in A1 `average_stats`. */
export const TimeOfDaySchema = z.iso.time({ precision: 0 });
export type TimeOfDay = z.infer<typeof TimeOfDaySchema>;

const IANA_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const MAX_ZONE_VERDICTS = 2_000;
const zoneVerdicts = new Map<string, boolean>();

/**
 * True for a time zone name the runtime knows (`UTC`, `Asia/Seoul`, aliases like `US/Pacific`).
 * Offsets (`+09:00`) and wrongly cased names (`asia/seoul`) are rejected: the runtime accepts
 * them, but a zoneinfo-based server may not.
 */
export function isIanaTimezone(name: string): boolean {
  if (name.length > 64 || !IANA_SHAPE.test(name)) return false;
  // Building an Intl formatter costs tens of microseconds and every night, query and event asks.
  const known = zoneVerdicts.get(name);
  if (known !== undefined) return known;
  let resolved: string | null;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    resolved = null;
  }
  const verdict =
    resolved !== null && (resolved === name || resolved.toLowerCase() !== name.toLowerCase());
  // Bounded: names come from requests, so a flood of distinct ones only empties the cache.
  if (zoneVerdicts.size >= MAX_ZONE_VERDICTS) zoneVerdicts.clear();
  zoneVerdicts.set(name, verdict);
  return verdict;
}

/** An IANA time zone name, for the `timezone` header we send (Asleep contract 1, 7.3). */
export const IanaTimezoneSchema = z
  .string()
  .refine(isIanaTimezone, 'Invalid IANA time zone (expected a name like "UTC" or "Asia/Seoul")');
export type IanaTimezone = z.infer<typeof IanaTimezoneSchema>;

/**
 * A zone name as echoed or stored by Asleep (`timezone`, `created_timezone`): not re-validated,
 * since a device zone our runtime does not know must not make a session unreadable.
 */
export const TimezoneNameSchema = printableText('time zone', 64);
export type TimezoneName = z.infer<typeof TimezoneNameSchema>;

/** The zone a response's datetimes are rendered in: the `timezone` header's echo, UTC when omitted. */
export const ResponseTimezoneSchema = TimezoneNameSchema.nullish().transform(
  (zone) => zone ?? 'UTC',
);
export type ResponseTimezone = z.infer<typeof ResponseTimezoneSchema>;
