import { z } from 'zod';
import { TenantViewSchema } from '../../schemas/views.schema';
import { AsleepApiKeySchema } from './tenant-inputs.schema';

export const RotateKeyInputSchema = z.object({ asleepApiKey: AsleepApiKeySchema });
export type RotateKeyInput = z.infer<typeof RotateKeyInputSchema>;

export const RotateKeyOutputSchema = TenantViewSchema;
