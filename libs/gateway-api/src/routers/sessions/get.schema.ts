import { AsleepSessionIdSchema, SleepDataSchema } from '@sleep/contracts';
import { z } from 'zod';
import { TargetUserSchema, TimezoneInputSchema } from '../../schemas/common-inputs.schema';

export const GetSessionInputSchema = z.object({
  sessionId: AsleepSessionIdSchema,
  appUserId: TargetUserSchema,
  timezone: TimezoneInputSchema,
});
export type GetSessionInput = z.infer<typeof GetSessionInputSchema>;

/** Asleep contract S1; compiled, since a night's stage arrays make this the hottest check. */
export const GetSessionOutputSchema = z.compile(SleepDataSchema);
