import { z } from 'zod';
import {
  AsleepSessionIdSchema,
  AsleepUserIdSchema,
  CalendarDateSchema,
  OffsetDateTimeSchema,
  TimezoneNameSchema,
} from '../asleep/common';
import { PeculiaritiesSchema } from '../asleep/enums';
import { SleepStagesSchema } from '../asleep/stages';
import { StatSchema } from '../asleep/stat';

/**
 * One recorded session as analytics sees it (analytics definitions, section 1): what Asleep
 * reported, in its own field names, plus the fields derived by the sleep-day rules (section 2).
 * Never-slept and too-short sessions are facts too: tracked, not slept.
 */
export const NightRecordSchema = z.object({
  sessionId: AsleepSessionIdSchema,
  userId: AsleepUserIdSchema,
  /** The session's event version: a fact never goes back to an older one. */
  version: z.int().positive(),
  startTime: OffsetDateTimeSchema,
  endTime: OffsetDateTimeSchema,
  completedTime: OffsetDateTimeSchema.nullable(),
  /** The zone the night is read in: the session's `created_timezone`, or the tenant's override. */
  timezone: TimezoneNameSchema,
  peculiarities: PeculiaritiesSchema,
  /** Null when Asleep gives none (too short, too many defects, ...). */
  stat: StatSchema.nullable(),
  /** One stage per 30 s from `startTime`; null when Asleep sent none. */
  sleepStages: SleepStagesSchema.nullable(),
});
export type NightRecord = z.infer<typeof NightRecordSchema>;

export const NightFactSchema = NightRecordSchema.extend({
  /** Calendar date the night belongs to (section 2). */
  sleepDay: CalendarDateSchema,
  /** Time in bed < 3 h, starting 09:00-19:00 local. */
  nap: z.boolean(),
  /** The longest non-nap night of its sleep day. */
  mainSleep: z.boolean(),
});
export type NightFact = z.infer<typeof NightFactSchema>;

/** How a tenant assigns nights to days (section 2). */
export const SleepDayRuleSchema = z.enum(['end-date', 'noon-anchor']);
export type SleepDayRule = z.infer<typeof SleepDayRuleSchema>;
