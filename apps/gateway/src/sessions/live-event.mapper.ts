import { SESSION_COMPLETED, SESSION_DELETED, type SessionEvent } from '@sleep/contracts';
import type { HubEvent, LiveSessionEvent } from '@sleep/gateway-api';

/** A `sleep.sessions.v1` event as `sessions.live` streams it (without the stage arrays). */
export function toLiveEvent(event: SessionEvent): HubEvent<LiveSessionEvent> {
  const { payload } = event;
  const base = {
    sessionId: payload.sessionId,
    version: payload.version,
    occurredAt: event.occurredAt,
  };
  let data: LiveSessionEvent;
  if (event.type === SESSION_COMPLETED) {
    const stages = event.payload.sleepData.session.sleep_stages;
    data = {
      ...base,
      kind: 'completed',
      state: 'COMPLETE',
      analysedEpochs: stages?.length ?? null,
    };
  } else if (event.type === SESSION_DELETED) {
    data = { ...base, kind: 'deleted', state: null, analysedEpochs: null };
  } else {
    data = {
      ...base,
      kind: 'progress',
      state: event.payload.state,
      analysedEpochs: event.payload.receivedEpochs,
    };
  }
  return { id: event.eventId, tenantId: event.tenantId, asleepUserId: payload.userId, data };
}
