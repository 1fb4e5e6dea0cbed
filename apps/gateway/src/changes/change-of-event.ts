import {
  type InsightProduced,
  type ReportProduced,
  SESSION_COMPLETED,
  SESSION_DELETED,
  type SessionEvent,
} from '@sleep/contracts';
import type { ChangeToAppend } from '@sleep/gateway-api';

/**
 * A `sleep.sessions.v1` event as a change: ids, state and counters, never the stages. The event
 * id (`<sessionId>@<version>`) makes every delivery of one event one change.
 */
export function changeOfSessionEvent(event: SessionEvent): ChangeToAppend {
  const { payload } = event;
  const common = {
    tenantId: event.tenantId,
    asleepUserId: payload.userId,
    subjectId: payload.sessionId,
    occurredAt: event.occurredAt,
    dedupeKey: `${event.type}:${event.eventId}`,
  };
  if (event.type === SESSION_COMPLETED)
    return {
      ...common,
      type: 'session.completed',
      data: {
        version: payload.version,
        state: 'COMPLETE',
        analysedEpochs: event.payload.sleepData.session.sleep_stages?.length ?? null,
      },
    };
  if (event.type === SESSION_DELETED)
    return { ...common, type: 'session.deleted', data: { version: payload.version } };
  return {
    ...common,
    type: 'session.progressed',
    data: {
      version: payload.version,
      state: event.payload.state,
      analysedEpochs: event.payload.receivedEpochs,
    },
  };
}

/** A `sleep.reports.v1` event as a change, the report kept beside it for `analytics.live.reports`. */
export function changeOfReport(event: ReportProduced): ChangeToAppend {
  const { payload } = event;
  return {
    tenantId: event.tenantId,
    asleepUserId: payload.userId,
    type: 'report.created',
    subjectId: payload.reportId,
    occurredAt: event.occurredAt,
    data: { kind: payload.kind, periodKey: payload.periodKey },
    dedupeKey: `${event.type}:${event.eventId}`,
    body: payload.body,
  };
}

/** A `sleep.insights.v1` event as a change, the insight kept beside it for `analytics.live.insights`. */
export function changeOfInsight(event: InsightProduced): ChangeToAppend {
  const { payload } = event;
  return {
    tenantId: event.tenantId,
    asleepUserId: payload.userId,
    type: 'insight.created',
    subjectId: payload.insightId,
    occurredAt: event.occurredAt,
    data: { rule: payload.rule, severity: payload.severity },
    dedupeKey: `${event.type}:${event.eventId}`,
    body: payload.body,
  };
}
