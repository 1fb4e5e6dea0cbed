import { z } from 'zod';
import { scope, TimezoneInputSchema } from './common.schema';

export const GetUserInputSchema = z.object({ ...scope, timezone: TimezoneInputSchema });
export type GetUserInput = z.infer<typeof GetUserInputSchema>;
