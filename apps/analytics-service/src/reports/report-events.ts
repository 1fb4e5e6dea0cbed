import {
  INSIGHT_PRODUCED,
  type InsightProduced,
  REPORT_PRODUCED,
  type ReportProduced,
  Topics,
} from '@sleep/contracts';
import type { OutgoingMessage } from '@sleep/messaging';
import type { Insight, ReportPeriod, SleepReport } from '@sleep/sleep-metrics';

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

/** `sleep.reports.v1`'s event for a stored report; its id changes with the body. */
export function reportMessage(
  tenantId: string,
  userId: string,
  period: ReportPeriod,
  report: SleepReport,
  body: string,
): { topic: string; message: OutgoingMessage } {
  const event: ReportProduced = {
    eventId: `${report.id}@${hash(body)}`,
    type: REPORT_PRODUCED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: userId,
    payload: {
      userId,
      reportId: report.id,
      kind: period.kind,
      periodKey: period.key,
      body: report as never,
    },
  };
  return {
    topic: Topics.sleepReports.name,
    message: { key: userId, value: JSON.stringify(event) },
  };
}

/** `sleep.insights.v1`'s event for an emitted insight. */
export function insightMessage(
  tenantId: string,
  userId: string,
  insight: Insight,
): { topic: string; message: OutgoingMessage } {
  const event: InsightProduced = {
    eventId: `${insight.id}@${insight.severity}`,
    type: INSIGHT_PRODUCED,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    key: userId,
    payload: {
      userId,
      insightId: insight.id,
      rule: insight.rule,
      severity: insight.severity,
      body: insight as never,
    },
  };
  return {
    topic: Topics.sleepInsights.name,
    message: { key: userId, value: JSON.stringify(event) },
  };
}
