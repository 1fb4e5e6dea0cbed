import type { ReadMessage } from '@sleep/testkit';

export interface SessionEventRecord {
  eventId: string;
  type: string;
  key: string;
  payload: { userId: string; sessionId: string; version: number; sleepData?: unknown };
  raw: string;
}

/**
 * The events `source` (`session-service:<group>`) published about these users: another deployment
 * reading the same shared webhooks publishes copies of its own, told apart by this header.
 */
export function sessionEvents(
  messages: readonly ReadMessage[],
  users: ReadonlySet<string>,
  source: string,
): SessionEventRecord[] {
  return messages.flatMap(({ key, value, headers }) =>
    key !== null && users.has(key) && value && headers['source'] === source
      ? [{ ...(JSON.parse(value) as Omit<SessionEventRecord, 'raw'>), raw: value }]
      : [],
  );
}

export const completedSessions = (events: readonly SessionEventRecord[]) =>
  new Set(
    events.filter((e) => e.type === 'sleep.session.completed').map((e) => e.payload.sessionId),
  );

/**
 * Each session's events by version; a redelivered event (the relay may publish twice across a crash)
 * is folded into one after checking it is byte for byte the same.
 */
export function eventsBySession(
  events: readonly SessionEventRecord[],
): Map<string, SessionEventRecord[]> {
  const byId = new Map<string, SessionEventRecord>();
  for (const event of events) {
    const seen = byId.get(event.eventId);
    if (seen && seen.raw !== event.raw)
      throw new Error(`event ${event.eventId} was published twice, differently`);
    byId.set(event.eventId, event);
  }
  const bySession = new Map<string, SessionEventRecord[]>();
  for (const event of byId.values()) {
    bySession.set(event.payload.sessionId, [
      ...(bySession.get(event.payload.sessionId) ?? []),
      event,
    ]);
  }
  for (const list of bySession.values()) list.sort((a, b) => a.payload.version - b.payload.version);
  return bySession;
}
