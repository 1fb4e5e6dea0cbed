import { z } from 'zod';
import {
  AsleepSessionIdSchema,
  OffsetDateTimeSchema,
  ResponseTimezoneSchema,
  TimezoneNameSchema,
} from './common';
import { PeculiaritiesSchema, SessionStateSchema } from './enums';
import { asleepSuccessSchema } from './envelope';
import { orNull } from './schema-helpers';
import { BreathStagesSchema, SleepStagesSchema, SnoringStagesSchema } from './stages';
import { StatSchema } from './stat';

/** The `session` object of S1 and SESSION_COMPLETE (Asleep contract S1). */
export const AsleepSessionSchema = z.object({
  id: AsleepSessionIdSchema,
  state: SessionStateSchema,
  start_time: OffsetDateTimeSchema,
  /** Null while OPEN. */
  end_time: orNull(OffsetDateTimeSchema),
  /** Set when the session ended abnormally. */
  unexpected_end_time: orNull(OffsetDateTimeSchema),
  created_timezone: orNull(TimezoneNameSchema),
  sleep_stages: orNull(SleepStagesSchema),
  /** Null without breathing-stability analysis. */
  breath_stages: orNull(BreathStagesSchema),
  snoring_stages: orNull(SnoringStagesSchema),
});
export type AsleepSession = z.infer<typeof AsleepSessionSchema>;

/** S1 result (`GET /data/v3/sessions/{id}`), also the body of SESSION_COMPLETE. */
export const SleepDataSchema = z.object({
  timezone: ResponseTimezoneSchema,
  peculiarities: PeculiaritiesSchema,
  /** Share of the session without usable audio (meaning inferred, so no upper bound). */
  missing_data_ratio: orNull(z.number().min(0)),
  session: AsleepSessionSchema,
  /** Null with IN_PROGRESS, NO_REALTIME_POLLING, TOO_SHORT_FOR_ANALYSIS or TOO_MANY_DEFECTS_IN_SLEEP_STAGES. */
  stat: orNull(StatSchema),
});
export type SleepData = z.infer<typeof SleepDataSchema>;

export const GetSessionResponseSchema = asleepSuccessSchema(SleepDataSchema);
export type GetSessionResponse = z.infer<typeof GetSessionResponseSchema>;
