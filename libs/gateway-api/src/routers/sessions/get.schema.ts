import { AsleepSessionIdSchema, SleepDataSchema } from '@sleep/contracts';
import { z } from 'zod';
import { TargetUserSchema, TimezoneInputSchema } from '../../schemas/common-inputs.schema';
import { documented } from '../../schemas/documented';

export const GetSessionInputSchema = z.object({
  sessionId: AsleepSessionIdSchema,
  appUserId: TargetUserSchema,
  timezone: TimezoneInputSchema,
});
export type GetSessionInput = z.infer<typeof GetSessionInputSchema>;

/** Asleep contract S1, parsed where it enters the gateway. */
export const GetSessionOutputSchema = documented(
  SleepDataSchema,
  'One night (Asleep Get-Session v3 result)',
);
