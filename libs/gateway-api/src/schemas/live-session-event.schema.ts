import { AsleepSessionIdSchema, OffsetDateTimeSchema, SessionStateSchema } from '@sleep/contracts';
import { z } from 'zod';

/**
 * What `sessions.live` streams: a night's progress while it is analysed window by window,
 * then its completion.
 */
export const LiveSessionEventSchema = z.object({
  kind: z.enum(['progress', 'completed', 'deleted']),
  sessionId: AsleepSessionIdSchema,
  state: SessionStateSchema.nullable(),
  /** Epochs (30 s each) analysed so far. */
  analysedEpochs: z.int().min(0).nullable(),
  occurredAt: OffsetDateTimeSchema,
});
export type LiveSessionEvent = z.infer<typeof LiveSessionEventSchema>;
