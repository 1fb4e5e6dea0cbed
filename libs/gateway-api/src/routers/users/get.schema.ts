import { z } from 'zod';
import { TargetUserSchema } from '../../schemas/common-inputs.schema';
import { UserProfileSchema } from '../../schemas/views.schema';

export const GetUserInputSchema = z.object({ appUserId: TargetUserSchema }).default({});
export type GetUserInput = z.infer<typeof GetUserInputSchema>;

export const GetUserOutputSchema = UserProfileSchema;
