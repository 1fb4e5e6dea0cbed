import type { InsightProduced, ReportProduced } from '@sleep/contracts';
import type { HubEvent, InsightCreatedEvent, ReportCreatedEvent } from '@sleep/gateway-api';

/** A `sleep.reports.v1` event as `analytics.live.reports` streams it. */
export function toReportCreated(event: ReportProduced): HubEvent<ReportCreatedEvent> {
  const { payload } = event;
  return {
    id: event.eventId,
    tenantId: event.tenantId,
    asleepUserId: payload.userId,
    data: {
      reportId: payload.reportId,
      kind: payload.kind,
      periodKey: payload.periodKey,
      report: payload.body,
      occurredAt: event.occurredAt,
    },
  };
}

/** A `sleep.insights.v1` event as `analytics.live.insights` streams it. */
export function toInsightCreated(event: InsightProduced): HubEvent<InsightCreatedEvent> {
  const { payload } = event;
  return {
    id: event.eventId,
    tenantId: event.tenantId,
    asleepUserId: payload.userId,
    data: {
      insightId: payload.insightId,
      rule: payload.rule,
      severity: payload.severity,
      insight: payload.body,
      occurredAt: event.occurredAt,
    },
  };
}
