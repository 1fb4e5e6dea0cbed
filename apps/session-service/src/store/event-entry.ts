import { SessionEventSchema, type SessionEvent, Topics } from '@sleep/contracts';
import { traceParentOf, tracingEnabled } from '@sleep/observability';
import { z } from 'zod';
import type { OutboxEntry } from './session.repository';

const ValidEvent = z.compile(SessionEventSchema);

/** Validated before it is stored, like every producer validates before sending. */
export function outboxEntry(
  event: SessionEvent,
  topic: string = Topics.sleepSessions.name,
): OutboxEntry {
  // The compiled validator builds no copy of the event; the parse only runs to name the issues.
  const valid: boolean = ValidEvent.validate(event as unknown);
  if (!valid) {
    const checked = ValidEvent.safeParse(event);
    if (!checked.success) {
      const issues = checked.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ');
      throw new TypeError(`event ${event.eventId} does not match its schema: ${issues}`);
    }
  }
  const entry = { topic, key: event.key, eventId: event.eventId, value: JSON.stringify(event) };
  return tracingEnabled() ? { ...entry, traceParent: traceParentOf() } : entry;
}
