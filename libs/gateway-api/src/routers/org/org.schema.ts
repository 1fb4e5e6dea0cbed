import {
  CalendarDateSchema,
  checkOrgPeriod,
  OrgDimensionsSchema,
  OrgPeriodKindSchema,
  orgPeriodDays,
} from '@sleep/contracts';
import { z } from 'zod';

const periodFields = {
  period: OrgPeriodKindSchema.describe(
    'day, week (ISO, Monday to Sunday), month, or custom (from..to, at most 400 days)',
  ),
  from: CalendarDateSchema.describe('The day, any day of the week or month, or the first day'),
  to: CalendarDateSchema.optional().describe('Last sleep day, included (custom periods only)'),
};

/** A named period resolved to its days; a custom one needs `to`, in order, within 400 days. */
function checkPeriod(
  input: { period: z.infer<typeof OrgPeriodKindSchema>; from: string; to?: string },
  ctx: z.RefinementCtx,
): void {
  if (input.period !== 'custom') {
    if (input.to !== undefined)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is only for custom periods' });
    return;
  }
  if (input.to === undefined) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'A custom period needs to' });
    return;
  }
  checkOrgPeriod(orgPeriodDays('custom', input.from, input.to), ctx);
}

export const OrgStatsInputSchema = z.object(periodFields).superRefine(checkPeriod);
export type OrgStatsInput = z.infer<typeof OrgStatsInputSchema>;

/** Dimensions as a list, or comma-separated in a query string (`ageBand,tag:team`). */
const DimensionsInputSchema = z
  .union([z.array(z.string()), z.string().transform((list) => list.split(','))])
  .pipe(OrgDimensionsSchema)
  .describe('One or two of "ageBand", "gender", "tag:<key>"');

export const OrgBreakdownInputSchema = z
  .object({ ...periodFields, dimensions: DimensionsInputSchema })
  .superRefine(checkPeriod);
export type OrgBreakdownInput = z.infer<typeof OrgBreakdownInputSchema>;
