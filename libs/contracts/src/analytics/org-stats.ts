import { z } from 'zod';
import { CalendarDateSchema } from '../asleep/common';
import { TenantIdSchema } from '../topics/tenant-events';

/** The longest period of a tenant statistic. */
export const MAX_ORG_PERIOD_DAYS = 400;

/** The least group size k (analytics definitions, section 8): a tenant may raise it, never lower. */
export const MIN_ORG_GROUP_SIZE = 5;

const DAY_MS = 86_400_000;

/** A breakdown dimension: age band, gender, or the value of a user tag's key (`tag:team`). */
export const OrgDimensionSchema = z
  .string()
  .regex(
    /^(ageBand|gender|tag:[a-z0-9][a-z0-9_.-]{0,31})$/,
    'A dimension is "ageBand", "gender" or "tag:<key>"',
  );
export type OrgDimension = z.infer<typeof OrgDimensionSchema>;

/** One or two distinct dimensions. */
export const OrgDimensionsSchema = z
  .array(OrgDimensionSchema)
  .min(1, 'Give one or two dimensions')
  .max(2, 'At most two dimensions')
  .refine((dims) => new Set(dims).size === dims.length, 'The two dimensions must differ');

/** `from`..`to` (sleep days, both included) in order and at most 400 days; the failing field is named. */
export function checkOrgPeriod(
  { from, to }: { from: string; to: string },
  ctx: z.RefinementCtx,
): void {
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
  else if (days > MAX_ORG_PERIOD_DAYS)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `The period must span at most ${MAX_ORG_PERIOD_DAYS} days`,
    });
}

/** analytics-service's tenant statistic: the whole tenant, or broken down by up to two dimensions. */
export const OrgStatsQuerySchema = z
  .object({
    tenantId: TenantIdSchema,
    from: CalendarDateSchema,
    to: CalendarDateSchema,
    dimensions: z
      .array(OrgDimensionSchema)
      .max(2, 'At most two dimensions')
      .refine((dims) => new Set(dims).size === dims.length, 'The two dimensions must differ')
      .default([]),
    /** k of k-anonymity: the tenant's setting, never under 5. */
    minGroupSize: z.int().min(MIN_ORG_GROUP_SIZE).max(1000).default(MIN_ORG_GROUP_SIZE),
  })
  .superRefine((q, ctx) => checkOrgPeriod(q, ctx));
export type OrgStatsQuery = z.infer<typeof OrgStatsQuerySchema>;

/** The period of a statistic as a caller names it; `from` is any day inside a week or month. */
export const OrgPeriodKindSchema = z.enum(['day', 'week', 'month', 'custom']);
export type OrgPeriodKind = z.infer<typeof OrgPeriodKindSchema>;

/** The days of a named period: the day, its ISO week (Monday to Sunday), its month, or from..to. */
export function orgPeriodDays(
  kind: OrgPeriodKind,
  from: string,
  to?: string,
): { from: string; to: string } {
  const ms = Date.parse(from);
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  if (kind === 'day') return { from, to: from };
  if (kind === 'week') {
    const monday = ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
    return { from: day(monday), to: day(monday + 6 * DAY_MS) };
  }
  if (kind === 'month') {
    const d = new Date(ms);
    return {
      from: day(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)),
      to: day(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)),
    };
  }
  return { from, to: to ?? from };
}

/**
 * The data-completeness SLO of a group's nights (sessions started on the period's sleep days):
 * did each reach COMPLETE within `deadlineHours` of its start, and if not, was it recovered later.
 */
export const CompletenessSloSchema = z.object({
  /** Hours after a night's start by which it should be COMPLETE. */
  deadlineHours: z.number().positive(),
  /** Nights whose due time has passed (or that completed): completedOnTime + completedLate + missing. */
  nightsDue: z.int().min(0),
  completedOnTime: z.int().min(0),
  /** Completed after the due time: recovered (late webhooks, recovery, backfill). */
  completedLate: z.int().min(0),
  /** Past the due time and not complete. */
  missing: z.int().min(0),
  /** Not complete, due time still ahead. */
  pending: z.int().min(0),
  /** completedOnTime / nightsDue, 3 decimals; null when no night is due. */
  onTimeRatio: z.number().min(0).max(1).nullable(),
  /** (completedOnTime + completedLate) / nightsDue, 3 decimals; null when no night is due. */
  completedRatio: z.number().min(0).max(1).nullable(),
});
export type CompletenessSlo = z.infer<typeof CompletenessSloSchema>;
