import { ChangeCursorSchema, ChangeTypeSchema } from '@sleep/contracts';
import { z } from 'zod';

export const SyncLiveInputSchema = z
  .object({
    /** Where to start, as for `sync.changes`; omitted: from the oldest change still kept. */
    cursor: ChangeCursorSchema.optional(),
    types: z.array(ChangeTypeSchema).min(1).max(6).optional(),
    /** Set by the client on reconnect (the last change's cursor): it wins over `cursor`. */
    lastEventId: ChangeCursorSchema.nullish(),
  })
  .default({});
export type SyncLiveInput = z.infer<typeof SyncLiveInputSchema>;
