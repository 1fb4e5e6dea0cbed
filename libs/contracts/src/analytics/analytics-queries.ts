import { z } from 'zod';
import {
  AsleepSessionIdSchema,
  AsleepUserIdSchema,
  CalendarDateSchema,
  IanaTimezoneSchema,
} from '../asleep/common';
import { TenantIdSchema } from '../topics/tenant-events';

/** The longest window any analytics query reads (as A1). */
export const MAX_ANALYTICS_WINDOW_DAYS = 100;

const DAY_MS = 86_400_000;

/** Whose nights: a tenant's Asleep user. */
export const AnalyticsSubjectSchema = z.object({
  tenantId: TenantIdSchema,
  userId: AsleepUserIdSchema,
});

/** `from`..`to` (sleep days, both included) in order and at most 100 days; the failing field is named. */
export function checkWindow(
  { from, to }: { from: string; to: string },
  ctx: z.RefinementCtx,
  fields: { from: string; to: string } = { from: 'from', to: 'to' },
): void {
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1)
    ctx.addIssue({
      code: 'custom',
      path: [fields.to],
      message: `${fields.to} must not be before ${fields.from}`,
    });
  else if (days > MAX_ANALYTICS_WINDOW_DAYS)
    ctx.addIssue({
      code: 'custom',
      path: [fields.to],
      message: `The window must span at most ${MAX_ANALYTICS_WINDOW_DAYS} days`,
    });
}

const windowFields = {
  from: CalendarDateSchema.describe('First sleep day, included'),
  to: CalendarDateSchema.describe('Last sleep day, included'),
};

export const ScoreQuerySchema = AnalyticsSubjectSchema.extend({ sessionId: AsleepSessionIdSchema });
export type ScoreQuery = z.infer<typeof ScoreQuerySchema>;

export const NightsQuerySchema = AnalyticsSubjectSchema.extend({
  ...windowFields,
  includeNaps: z.boolean().default(false),
}).superRefine((q, ctx) => checkWindow(q, ctx));
export type NightsQuery = z.infer<typeof NightsQuerySchema>;

/** A1's request, as Asleep names its fields. */
export const AverageQuerySchema = AnalyticsSubjectSchema.extend({
  start_date: CalendarDateSchema,
  end_date: CalendarDateSchema,
  timezone: IanaTimezoneSchema.default('UTC'),
}).superRefine((q, ctx) =>
  checkWindow({ from: q.start_date, to: q.end_date }, ctx, { from: 'start_date', to: 'end_date' }),
);
export type AverageQuery = z.infer<typeof AverageQuerySchema>;

export const RegularityQuerySchema = AnalyticsSubjectSchema.extend({
  ...windowFields,
  timezone: IanaTimezoneSchema.optional().describe(
    "Zone of the grid; the user's latest night's zone when omitted",
  ),
}).superRefine((q, ctx) => checkWindow(q, ctx));
export type RegularityQuery = z.infer<typeof RegularityQuerySchema>;

export const TrendMetricSchema = z.enum([
  'time_in_sleep',
  'sleep_efficiency',
  'sleep_latency',
  'time_in_wake',
  'waso_count',
  'longest_waso',
  'time_in_deep',
  'time_in_rem',
  'score',
  'sleep_time',
  'wake_time',
  'mid_sleep',
]);
export type TrendMetricName = z.infer<typeof TrendMetricSchema>;

export const TrendsQuerySchema = AnalyticsSubjectSchema.extend({
  ...windowFields,
  metric: TrendMetricSchema,
}).superRefine((q, ctx) => checkWindow(q, ctx));
export type TrendsQuery = z.infer<typeof TrendsQuerySchema>;

export const ReportKindSchema = z.enum(['week', 'month']);

export const ReportsListQuerySchema = AnalyticsSubjectSchema.extend({
  kind: ReportKindSchema.optional(),
  limit: z.int().min(1).max(100).default(20),
});
export type ReportsListQuery = z.infer<typeof ReportsListQuerySchema>;

export const ReportGetQuerySchema = AnalyticsSubjectSchema.extend({
  kind: ReportKindSchema,
  /** Any sleep day of the period. */
  day: CalendarDateSchema,
});
export type ReportGetQuery = z.infer<typeof ReportGetQuerySchema>;

export const InsightsQuerySchema = AnalyticsSubjectSchema.extend({
  limit: z.int().min(1).max(100).default(20),
});
export type InsightsQuery = z.infer<typeof InsightsQuerySchema>;

export const ScoreWeightsSchema = z.object({
  duration: z.int().min(0).max(100),
  efficiency: z.int().min(0).max(100),
  continuity: z.int().min(0).max(100),
  latency: z.int().min(0).max(100),
  timing: z.int().min(0).max(100),
  restoration: z.int().min(0).max(100),
});
export type ScoreWeightsInput = z.infer<typeof ScoreWeightsSchema>;

export const SetScoreWeightsSchema = z
  .object({ tenantId: TenantIdSchema, weights: ScoreWeightsSchema.nullable() })
  .superRefine(({ weights }, ctx) => {
    if (weights && Object.values(weights).reduce((a, b) => a + b, 0) !== 100)
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'The weights must sum to 100' });
  });
export type SetScoreWeights = z.infer<typeof SetScoreWeightsSchema>;

/** Where the previous page of facts ended: facts come ordered by (user id, session id). */
export const FactCursorSchema = z.object({
  userId: AsleepUserIdSchema,
  sessionId: AsleepSessionIdSchema,
});
export type FactCursor = z.infer<typeof FactCursorSchema>;

/**
 * Pages of a tenant's stored facts for exports: one user's (every sleep day) or the whole
 * tenant's within sleep days `from`..`to` (the research export checks its own bound).
 */
export const ExportFactsQuerySchema = z
  .object({
    tenantId: TenantIdSchema,
    userId: AsleepUserIdSchema.optional(),
    from: CalendarDateSchema.optional(),
    to: CalendarDateSchema.optional(),
    after: FactCursorSchema.nullable().default(null),
    limit: z.int().min(1).max(1_000).default(500),
  })
  .refine((q) => q.userId !== undefined || (q.from !== undefined && q.to !== undefined), {
    path: ['from'],
    message: "A tenant's facts are read for a period (from and to)",
  });
export type ExportFactsQuery = z.infer<typeof ExportFactsQuerySchema>;
