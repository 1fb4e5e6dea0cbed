import { OffsetDateTimeSchema } from '@sleep/contracts';
import { z } from 'zod';

/** What `analytics.live.reports` streams: a weekly or monthly report, new or changed. */
export const ReportCreatedEventSchema = z.object({
  reportId: z.string(),
  kind: z.enum(['week', 'month']),
  periodKey: z.string(),
  /**
   * The report as analytics-service published it (the shape `analytics.reports.get` serves);
   * null for a change recorded before the feed kept bodies: read it with `analytics.reports.get`.
   */
  report: z.record(z.string(), z.unknown()).nullable(),
  occurredAt: OffsetDateTimeSchema,
});
export type ReportCreatedEvent = z.infer<typeof ReportCreatedEventSchema>;

/** What `analytics.live.insights` streams: an insight that passed its cool-down. */
export const InsightCreatedEventSchema = z.object({
  insightId: z.string(),
  rule: z.string(),
  severity: z.enum(['info', 'notice', 'warning']),
  /**
   * The insight as analytics-service published it (the shape `analytics.insights` serves); null
   * for a change recorded before the feed kept bodies: read it with `analytics.insights`.
   */
  insight: z.record(z.string(), z.unknown()).nullable(),
  occurredAt: OffsetDateTimeSchema,
});
export type InsightCreatedEvent = z.infer<typeof InsightCreatedEventSchema>;
