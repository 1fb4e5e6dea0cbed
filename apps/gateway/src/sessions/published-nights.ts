import { SESSION_COMPLETED, SESSION_DELETED, type SessionEvent } from '@sleep/contracts';
import type { SessionCache } from '@sleep/gateway-api';

/**
 * What `sleep.sessions.v1` tells the session cache, in the events' order: a completed night is
 * kept as published (the read that follows its live event needs no store), a deleted one dropped.
 */
export function keepPublishedNights(cache: SessionCache, events: readonly SessionEvent[]): void {
  for (const event of events) {
    const ref = {
      tenantId: event.tenantId,
      asleepUserId: event.payload.userId,
      sessionId: event.payload.sessionId,
    };
    if (event.type === SESSION_COMPLETED) cache.offerPublished(ref, event.payload.sleepData);
    else if (event.type === SESSION_DELETED)
      cache.forgetSession(ref.tenantId, ref.asleepUserId, ref.sessionId);
  }
}
