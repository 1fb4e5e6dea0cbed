import { z } from 'zod';
import { TargetUserSchema } from '../../schemas/common-inputs.schema';

export const AnalyticsLiveInputSchema = z
  .object({
    appUserId: TargetUserSchema,
    /** Set by the client on reconnect: events after this one are replayed first. */
    lastEventId: z.string().min(1).max(400).nullish(),
  })
  .default({});
export type AnalyticsLiveInput = z.infer<typeof AnalyticsLiveInputSchema>;
