import { AsleepSessionIdSchema, OffsetDateTimeSchema, SessionStateSchema } from '@sleep/contracts';
import { z } from 'zod';

/**
 * What `sessions.live` streams: a night's progress while it is analysed window by window, its
 * completion, or its deletion.
 */
export const LiveSessionEventSchema = z.object({
  kind: z.enum(['progress', 'completed', 'deleted']),
  sessionId: AsleepSessionIdSchema,
  /** Null once deleted. */
  state: SessionStateSchema.nullable(),
  /** Epochs (30 s each) received so far; the whole night once completed. */
  analysedEpochs: z.int().min(0).nullable(),
  /** The session's change counter: 1 for its first stored change, +1 per later one. */
  version: z.int().positive(),
  occurredAt: OffsetDateTimeSchema,
});
export type LiveSessionEvent = z.infer<typeof LiveSessionEventSchema>;
