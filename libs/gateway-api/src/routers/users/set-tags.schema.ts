import { UserTagsSchema } from '@sleep/contracts';
import { z } from 'zod';
import { AppUserIdSchema } from '../../auth/principal';

export const SetUserTagsInputSchema = z.object({
  appUserId: AppUserIdSchema,
  /** Replaces the user's tags; `[]` removes them all. */
  tags: UserTagsSchema.describe('key:value tags, one value per key (team:night-shift)'),
});
export type SetUserTagsInput = z.infer<typeof SetUserTagsInputSchema>;

export const SetUserTagsOutputSchema = z.object({
  appUserId: AppUserIdSchema,
  tags: z.array(z.string()),
});
export type SetUserTagsOutput = z.infer<typeof SetUserTagsOutputSchema>;
