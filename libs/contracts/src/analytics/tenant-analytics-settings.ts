import { z } from 'zod';
import { IanaTimezoneSchema } from '../asleep/common';
import { TenantIdSchema } from '../topics/tenant-events';
import { SleepDayRuleSchema } from './night-fact';

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
const IsoWeekdaySchema = z.int().min(1).max(7);

/**
 * How a tenant's nights are read (analytics definitions, section 2 and chronotype): the sleep-day
 * rule, a zone that replaces each night's own, and the free days of the week. Null = the default
 * (end date; each night's `created_timezone`; Saturday and Sunday).
 */
export const AnalyticsRulesSchema = z.object({
  sleepDayRule: SleepDayRuleSchema.nullable(),
  timezone: IanaTimezoneSchema.nullable(),
  freeDays: z
    .array(IsoWeekdaySchema)
    .max(6)
    .refine((days) => new Set(days).size === days.length, 'freeDays must not repeat a day')
    .nullable(),
});
export type AnalyticsRules = z.infer<typeof AnalyticsRulesSchema>;

export const DEFAULT_ANALYTICS_RULES: AnalyticsRules = {
  sleepDayRule: null,
  timezone: null,
  freeDays: null,
};

export const SetAnalyticsRulesSchema = z.object({
  tenantId: TenantIdSchema,
  rules: AnalyticsRulesSchema,
});
export type SetAnalyticsRules = z.infer<typeof SetAnalyticsRulesSchema>;

export const TenantQuerySchema = z.object({ tenantId: TenantIdSchema });
export type TenantQuery = z.infer<typeof TenantQuerySchema>;
