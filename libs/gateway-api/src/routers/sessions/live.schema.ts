import { z } from 'zod';
import { TargetUserSchema } from '../../schemas/common-inputs.schema';

export const LiveSessionsInputSchema = z
  .object({
    appUserId: TargetUserSchema,
    /** Set by the client on reconnect: events after this one are replayed first. */
    lastEventId: z.string().min(1).max(100).nullish(),
  })
  .default({});
export type LiveSessionsInput = z.infer<typeof LiveSessionsInputSchema>;
