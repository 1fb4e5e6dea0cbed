import { AsleepSessionIdSchema, AsleepUserIdSchema } from '@sleep/contracts';
import { z } from 'zod';

/** Where the previous page ended: nights come ordered by (user id, session id). */
export const StreamCursorSchema = z.object({
  asleepUserId: AsleepUserIdSchema,
  sessionId: AsleepSessionIdSchema,
});
export type StreamCursor = z.infer<typeof StreamCursorSchema>;

export const StreamCompletedInputSchema = z.object({
  after: StreamCursorSchema.nullable().default(null),
  limit: z.int().min(1).max(2_000).default(500),
});
export type StreamCompletedInput = z.infer<typeof StreamCompletedInputSchema>;
