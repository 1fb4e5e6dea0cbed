import {
  AverageStatsResultSchema,
  CalendarDateSchema,
  MAX_AVERAGE_STATS_DAYS,
} from '@sleep/contracts';
import { z } from 'zod';
import { TargetUserSchema, TimezoneInputSchema } from '../../schemas/common-inputs.schema';
import { documented } from '../../schemas/documented';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Asleep contract A1: both dates required, a window of at most 100 days (both ends counted). */
export const AverageStatsInputSchema = z
  .object({
    appUserId: TargetUserSchema,
    timezone: TimezoneInputSchema,
    startDate: CalendarDateSchema,
    endDate: CalendarDateSchema,
  })
  .superRefine(({ startDate, endDate }, ctx) => {
    const days = (Date.parse(endDate) - Date.parse(startDate)) / DAY_MS + 1;
    if (days < 1)
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: 'endDate must not be before startDate',
      });
    else if (days > MAX_AVERAGE_STATS_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: `The window must span at most ${MAX_AVERAGE_STATS_DAYS} days`,
      });
    }
  });
export type AverageStatsInput = z.infer<typeof AverageStatsInputSchema>;

export const AverageStatsOutputSchema = documented(
  AverageStatsResultSchema,
  'Asleep Average-Stats result',
);
