import { UserMetadataSchema } from '@sleep/contracts';
import { z } from 'zod';
import { TargetUserSchema } from '../../schemas/common-inputs.schema';
import { AppUserViewSchema } from '../../schemas/views.schema';

export const CreateUserInputSchema = z.object({
  appUserId: TargetUserSchema,
  /** Asleep contract U1: every field optional; out-of-range values are refused here, before Asleep. */
  metadata: UserMetadataSchema.nullish(),
});
export type CreateUserInput = z.infer<typeof CreateUserInputSchema>;

export const CreateUserOutputSchema = AppUserViewSchema;
