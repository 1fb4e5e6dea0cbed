import { AsleepSessionIdSchema } from '@sleep/contracts';
import { z } from 'zod';
import { TargetUserSchema } from '../../schemas/common-inputs.schema';

export const DeleteSessionInputSchema = z.object({
  sessionId: AsleepSessionIdSchema,
  appUserId: TargetUserSchema,
});
export type DeleteSessionInput = z.infer<typeof DeleteSessionInputSchema>;

export const DeleteSessionOutputSchema = z.object({
  sessionId: AsleepSessionIdSchema,
  /** False when there was nothing to delete. */
  deleted: z.boolean(),
});
export type DeleteSessionOutput = z.infer<typeof DeleteSessionOutputSchema>;
