import { z } from 'zod';
import {
  AsleepSessionIdSchema,
  CalendarDateSchema,
  OffsetDateTimeSchema,
  ResponseTimezoneSchema,
  TimeOfDaySchema,
  TimezoneNameSchema,
} from './common';
import { PeculiaritiesSchema } from './enums';
import { asleepSuccessSchema } from './envelope';
import { orNull } from './schema-helpers';

export const MAX_AVERAGE_STATS_DAYS = 100;

const DAY_MS = 24 * 60 * 60 * 1000;
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

/**
 * A1 query. "At most 100 days" is read inclusively (start and end both count), the reading
 * that can never earn a 400.
 */
export const AverageStatsQuerySchema = z
  .object({ start_date: CalendarDateSchema, end_date: CalendarDateSchema })
  .superRefine(({ start_date, end_date }, ctx) => {
    const days = daysBetween(start_date, end_date) + 1;
    if (days < 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['end_date'],
        message: 'end_date must not be before start_date',
      });
    } else if (days > MAX_AVERAGE_STATS_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['end_date'],
        message: `The window must span at most ${MAX_AVERAGE_STATS_DAYS} days`,
      });
    }
  });
export type AverageStatsQuery = z.infer<typeof AverageStatsQuerySchema>;

export const AverageStatsPeriodSchema = z.looseObject({
  timezone: ResponseTimezoneSchema,
  start_date: CalendarDateSchema,
  end_date: CalendarDateSchema,
});
export type AverageStatsPeriod = z.infer<typeof AverageStatsPeriodSchema>;

const n = orNull(z.number());

/** Numeric per-session stat fields (Asleep contract S1 table); averages are not integers. */
const statNumbers = {
  sleep_index: n,
  sleep_latency: n,
  wakeup_latency: n,
  light_latency: n,
  deep_latency: n,
  rem_latency: n,
  time_in_bed: n,
  time_in_sleep_period: n,
  time_in_sleep: n,
  time_in_wake: n,
  time_in_light: n,
  time_in_deep: n,
  time_in_rem: n,
  time_in_stable_breath: n,
  time_in_unstable_breath: n,
  time_in_snoring: n,
  time_in_no_snoring: n,
  sleep_efficiency: n,
  sleep_ratio: n,
  wake_ratio: n,
  light_ratio: n,
  deep_ratio: n,
  rem_ratio: n,
  stable_breath_ratio: n,
  unstable_breath_ratio: n,
  snoring_ratio: n,
  no_snoring_ratio: n,
  breathing_index: n,
  waso_count: n,
  longest_waso: n,
  sleep_cycle_count: n,
  sleep_cycle: n,
  unstable_breath_count: n,
  snoring_count: n,
};

/**
 * A1 `average_stats`: the doc stops after `light_ratio`, so the rest is typed from the S1 stat
 * fields and anything else is kept as sent.
 */
export const AverageStatsSchema = z.looseObject({
  start_time: orNull(TimeOfDaySchema),
  end_time: orNull(TimeOfDaySchema),
  sleep_time: orNull(TimeOfDaySchema),
  wake_time: orNull(TimeOfDaySchema),
  ...statNumbers,
});
export type AverageStats = z.infer<typeof AverageStatsSchema>;

export const NeverSleptSessionSchema = z.looseObject({
  id: AsleepSessionIdSchema,
  start_time: OffsetDateTimeSchema,
  end_time: orNull(OffsetDateTimeSchema),
  completed_time: orNull(OffsetDateTimeSchema),
});
export type NeverSleptSession = z.infer<typeof NeverSleptSessionSchema>;

/** Known only from SDK models: the per-session stats are typed loosely and extras kept. */
export const SleptSessionSchema = NeverSleptSessionSchema.extend({
  created_timezone: orNull(TimezoneNameSchema),
  ...statNumbers,
});
export type SleptSession = z.infer<typeof SleptSessionSchema>;

/** A1 result. */
export const AverageStatsResultSchema = z.object({
  period: AverageStatsPeriodSchema,
  peculiarities: PeculiaritiesSchema,
  /** Averages over `slept_sessions` only; null when there are none. */
  average_stats: orNull(AverageStatsSchema),
  never_slept_sessions: z
    .array(NeverSleptSessionSchema)
    .nullish()
    .transform((list) => list ?? []),
  slept_sessions: z
    .array(SleptSessionSchema)
    .nullish()
    .transform((list) => list ?? []),
});
export type AverageStatsResult = z.infer<typeof AverageStatsResultSchema>;

export const AverageStatsResponseSchema = asleepSuccessSchema(AverageStatsResultSchema);
export type AverageStatsResponse = z.infer<typeof AverageStatsResponseSchema>;
