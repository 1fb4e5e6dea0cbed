import { AsleepSessionIdSchema } from '@sleep/contracts';
import { z } from 'zod';
import { scope, TimezoneInputSchema } from './common.schema';

/** Asleep S1: `GET /data/v3/sessions/{session_id}` with `x-user-id` and `timezone`. */
export const GetSessionInputSchema = z.object({
  ...scope,
  sessionId: AsleepSessionIdSchema,
  timezone: TimezoneInputSchema,
});
export type GetSessionInput = z.infer<typeof GetSessionInputSchema>;
