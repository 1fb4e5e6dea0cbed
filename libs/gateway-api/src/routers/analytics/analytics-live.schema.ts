import { ChangeCursorSchema } from '@sleep/contracts';
import { z } from 'zod';
import { TargetUserSchema } from '../../schemas/common-inputs.schema';

export const AnalyticsLiveInputSchema = z
  .object({
    appUserId: TargetUserSchema,
    /** A change-feed cursor (of `sync.changes`, say) to start after; omitted: from now on. */
    cursor: ChangeCursorSchema.optional(),
    /** Set by the client on reconnect (the last event's id, a feed cursor): it wins over `cursor`. */
    lastEventId: ChangeCursorSchema.nullish(),
  })
  .default({});
export type AnalyticsLiveInput = z.infer<typeof AnalyticsLiveInputSchema>;
