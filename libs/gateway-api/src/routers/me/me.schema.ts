import { z } from 'zod';
import { MeSchema } from '../../schemas/views.schema';

export const MeInputSchema = z.void();
export const MeOutputSchema = MeSchema;
