import { isDeepStrictEqual } from 'node:util';
import type { DeliveryRecord, Night } from '@sleep/asleep-sim';
import type { ReadMessage } from '@sleep/testkit';
import { expectedSleepData } from './chaos-nights';

export interface SessionEvent {
  eventId: string;
  type: string;
  payload: { userId: string; sessionId: string; version: number };
}

/** The fields of `actual` that differ from `expected`, by path: field-for-field, not just "unequal". */
export function differingFields(expected: unknown, actual: unknown, path = ''): string[] {
  if (isDeepStrictEqual(expected, actual)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null;
  if (!isObject(expected) || !isObject(actual) || Array.isArray(expected) !== Array.isArray(actual))
    return [path || '(root)'];
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...keys].flatMap((key) => differingFields(expected[key], actual[key], `${path}.${key}`));
}

/** Nights whose stored session is not exactly the expected one, with the fields that differ. */
export function nightMismatches(
  nights: readonly Night[],
  stored: readonly unknown[],
): { sessionId: string; fields: string[] }[] {
  return nights.flatMap((night, i) => {
    const fields = differingFields(expectedSleepData(night), stored[i]);
    return fields.length ? [{ sessionId: night.sessionId, fields: fields.slice(0, 10) }] : [];
  });
}

/** Acknowledged (2xx) deliveries whose envelope never reached `asleep.webhooks.v1`. */
export function missingAcknowledged(
  records: readonly DeliveryRecord[],
  webhookTopic: readonly ReadMessage[],
): string[] {
  const seen = new Set(
    webhookTopic.flatMap(({ value }) =>
      value ? [(JSON.parse(value) as { eventId: string }).eventId] : [],
    ),
  );
  return records.filter((r) => r.delivered && !seen.has(r.key)).map((r) => r.key);
}

/**
 * Completed events per night on `sleep.sessions.v1`. A copy the relay published twice across a
 * crash carries the same event id and bytes, and counts once; a second completed event with an
 * id of its own counts twice.
 */
export function completedEventsPerNight(
  nights: readonly Night[],
  sessionTopic: readonly ReadMessage[],
): { counts: Map<string, number>; conflictingCopies: string[] } {
  const byId = new Map<string, string>();
  const conflictingCopies: string[] = [];
  const counts = new Map(nights.map((night) => [night.sessionId, 0]));
  for (const { value } of sessionTopic) {
    if (!value) continue;
    const event = JSON.parse(value) as SessionEvent;
    const seen = byId.get(event.eventId);
    if (seen !== undefined) {
      if (seen !== value) conflictingCopies.push(event.eventId);
      continue;
    }
    byId.set(event.eventId, value);
    if (event.type === 'sleep.session.completed' && counts.has(event.payload.sessionId))
      counts.set(event.payload.sessionId, (counts.get(event.payload.sessionId) ?? 0) + 1);
  }
  return { counts, conflictingCopies };
}
