import { OffsetDateTimeSchema } from '@sleep/contracts';
import { z } from 'zod';

/** What `analytics.live.reports` streams: a weekly or monthly report, new or changed. */
export const ReportCreatedEventSchema = z.object({
  reportId: z.string(),
  kind: z.enum(['week', 'month']),
  periodKey: z.string(),
  /** The report as `analytics.reports.get` serves it. */
  report: z.record(z.string(), z.unknown()),
  occurredAt: OffsetDateTimeSchema,
});
export type ReportCreatedEvent = z.infer<typeof ReportCreatedEventSchema>;

/** What `analytics.live.insights` streams: an insight that passed its cool-down. */
export const InsightCreatedEventSchema = z.object({
  insightId: z.string(),
  rule: z.string(),
  severity: z.enum(['info', 'notice', 'warning']),
  /** The insight as `analytics.insights` serves it. */
  insight: z.record(z.string(), z.unknown()),
  occurredAt: OffsetDateTimeSchema,
});
export type InsightCreatedEvent = z.infer<typeof InsightCreatedEventSchema>;
