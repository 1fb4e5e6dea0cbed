import { AsleepUserIdSchema, UserMetadataSchema } from '@sleep/contracts';
import { z } from 'zod';
import { AppUserIdSchema } from '../../auth/principal';
import { TargetUserSchema } from '../../schemas/common-inputs.schema';

export const UpdateUserInputSchema = z.object({
  appUserId: TargetUserSchema,
  /** Asleep contract U3: replaces the stored metadata, so send all of it; null clears it. */
  metadata: UserMetadataSchema.nullable(),
});
export type UpdateUserInput = z.infer<typeof UpdateUserInputSchema>;

export const UpdateUserOutputSchema = z.object({
  appUserId: AppUserIdSchema,
  asleepUserId: AsleepUserIdSchema,
  metadata: UserMetadataSchema.nullable(),
});
export type UpdateUserOutput = z.infer<typeof UpdateUserOutputSchema>;
