import {
  AsleepSessionIdSchema,
  CalendarDateSchema,
  AnalyticsRulesSchema,
  checkWindow,
  ReportKindSchema,
  ScoreWeightsSchema,
  TrendMetricSchema,
} from '@sleep/contracts';
import { z } from 'zod';
import { TargetUserSchema, TimezoneInputSchema } from '../../schemas/common-inputs.schema';

const from = CalendarDateSchema.describe('First sleep day, included');
const to = CalendarDateSchema.describe('Last sleep day, included (at most 100 days after from)');

export const ScoreInputSchema = z.object({
  appUserId: TargetUserSchema,
  sessionId: AsleepSessionIdSchema,
});

export const NightsInputSchema = z
  .object({ appUserId: TargetUserSchema, from, to, includeNaps: z.boolean().default(false) })
  .superRefine((q, ctx) => checkWindow(q, ctx));

/** A1's request in the gateway's naming, as `stats.average`. */
export const AnalyticsAverageInputSchema = z
  .object({
    appUserId: TargetUserSchema,
    timezone: TimezoneInputSchema,
    startDate: CalendarDateSchema,
    endDate: CalendarDateSchema,
  })
  .superRefine(({ startDate, endDate }, ctx) =>
    checkWindow({ from: startDate, to: endDate }, ctx, { from: 'startDate', to: 'endDate' }),
  );

export const RegularityInputSchema = z
  .object({ appUserId: TargetUserSchema, from, to, timezone: TimezoneInputSchema })
  .superRefine((q, ctx) => checkWindow(q, ctx));

export const TrendsInputSchema = z
  .object({ appUserId: TargetUserSchema, from, to, metric: TrendMetricSchema })
  .superRefine((q, ctx) => checkWindow(q, ctx));

export const ReportsListInputSchema = z.object({
  appUserId: TargetUserSchema,
  kind: ReportKindSchema.optional(),
  limit: z.int().min(1).max(100).default(20),
});

export const ReportGetInputSchema = z.object({
  appUserId: TargetUserSchema,
  kind: ReportKindSchema,
  day: CalendarDateSchema.describe('Any sleep day of the week or month'),
});

export const InsightsInputSchema = z.object({
  appUserId: TargetUserSchema,
  limit: z.int().min(1).max(100).default(20),
});

export const ScoreWeightsInputSchema = z
  .object({ weights: ScoreWeightsSchema.nullable().describe('Null restores the defaults') })
  .superRefine(({ weights }, ctx) => {
    if (weights && Object.values(weights).reduce((a, b) => a + b, 0) !== 100)
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'The weights must sum to 100' });
  });

export const AnalyticsRulesQuerySchema = z.void();

/** The tenant's analytics rules; each null field means the default. */
export const AnalyticsRulesInputSchema = z.object({ rules: AnalyticsRulesSchema });

/** Analytics results pass through as analytics-service computed them; the document names them. */
export const analyticsOutput = <T>(description: string) =>
  z.custom<T>(() => true).meta({ override: { type: 'object', description } });
