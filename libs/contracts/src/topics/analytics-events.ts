import { z } from 'zod';
import { AsleepUserIdSchema } from '../asleep/common';
import { envelopeSchema } from './envelope';

export const REPORT_PRODUCED = 'sleep.report.produced';
export const INSIGHT_PRODUCED = 'sleep.insight.produced';

/**
 * A report or insight as analytics-service serves it; its full shape is the service's
 * (`@sleep/analytics-rpc`), so consumers parse `body` with the fields they use.
 */
export const ReportProducedPayloadSchema = z.object({
  userId: AsleepUserIdSchema,
  reportId: z.string().min(1).max(300),
  kind: z.enum(['week', 'month']),
  periodKey: z.string().min(1).max(20),
  body: z.record(z.string(), z.unknown()),
});
export type ReportProducedPayload = z.infer<typeof ReportProducedPayloadSchema>;

export const InsightProducedPayloadSchema = z.object({
  userId: AsleepUserIdSchema,
  insightId: z.string().min(1).max(300),
  rule: z.string().min(1).max(100),
  severity: z.enum(['info', 'notice', 'warning']),
  body: z.record(z.string(), z.unknown()),
});
export type InsightProducedPayload = z.infer<typeof InsightProducedPayloadSchema>;

/** The value of `sleep.reports.v1` messages, keyed by the Asleep user id. */
export const ReportProducedSchema = envelopeSchema(
  REPORT_PRODUCED,
  ReportProducedPayloadSchema,
).extend({
  version: z.literal(1),
});
export type ReportProduced = z.infer<typeof ReportProducedSchema>;

/** The value of `sleep.insights.v1` messages, keyed by the Asleep user id. */
export const InsightProducedSchema = envelopeSchema(
  INSIGHT_PRODUCED,
  InsightProducedPayloadSchema,
).extend({
  version: z.literal(1),
});
export type InsightProduced = z.infer<typeof InsightProducedSchema>;
