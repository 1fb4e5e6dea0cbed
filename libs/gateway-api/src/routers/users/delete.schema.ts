import { AsleepUserIdSchema } from '@sleep/contracts';
import { z } from 'zod';
import { AppUserIdSchema } from '../../auth/principal';
import { TargetUserSchema } from '../../schemas/common-inputs.schema';

export const DeleteUserInputSchema = z.object({ appUserId: TargetUserSchema }).default({});
export type DeleteUserInput = z.infer<typeof DeleteUserInputSchema>;

export const DeleteUserOutputSchema = z.object({
  appUserId: AppUserIdSchema,
  asleepUserId: AsleepUserIdSchema,
  deleted: z.literal(true),
});
export type DeleteUserOutput = z.infer<typeof DeleteUserOutputSchema>;
