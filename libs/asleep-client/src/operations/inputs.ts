import { AsleepSessionIdSchema, AsleepUserIdSchema, IanaTimezoneSchema } from '@sleep/contracts';
import type { z } from 'zod';
import { type AsleepOperation, issuesOf, throwInvalid } from '../operation';

/** Names already accepted: checking a zone builds an Intl formatter, too slow for every call. */
const knownZones = new Set<string>();
const MAX_KNOWN_ZONES = 1_000;

export function checkTimezone(
  operation: AsleepOperation,
  timezone: string | undefined,
): string | undefined {
  if (timezone === undefined || knownZones.has(timezone)) return timezone;
  const zone = IanaTimezoneSchema.safeParse(timezone);
  if (!zone.success)
    return throwInvalid(operation, [{ path: 'timezone', message: zone.error.issues[0].message }]);
  if (knownZones.size < MAX_KNOWN_ZONES) knownZones.add(timezone);
  return timezone;
}

function checkId(operation: AsleepOperation, what: 'userId' | 'sessionId', value: unknown): string {
  const schema = what === 'userId' ? AsleepUserIdSchema : AsleepSessionIdSchema;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  return throwInvalid(operation, [{ path: what, message: parsed.error.issues[0].message }]);
}

export const checkUserId = (operation: AsleepOperation, userId: unknown) =>
  checkId(operation, 'userId', userId);
export const checkSessionId = (operation: AsleepOperation, sessionId: unknown) =>
  checkId(operation, 'sessionId', sessionId);

/** Query parameters in the upstream's names, with issue paths renamed to the caller's. */
export function checkQuery<S extends z.ZodType>(
  operation: AsleepOperation,
  schema: S,
  query: Record<string, unknown>,
  callerNames: Record<string, string>,
): z.output<S> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error).map((issue) => ({
    ...issue,
    path: callerNames[issue.path] ?? issue.path,
  }));
  return throwInvalid(operation, issues);
}

export function queryString(query: Record<string, string | number | undefined>): string {
  let out = '';
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    out += `${out ? '&' : '?'}${key}=${encodeURIComponent(String(value))}`;
  }
  return out;
}
