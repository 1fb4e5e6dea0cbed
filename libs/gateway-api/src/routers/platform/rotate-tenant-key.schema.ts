import { TenantIdSchema } from '@sleep/contracts';
import { z } from 'zod';
import { TenantViewSchema } from '../../schemas/views.schema';
import { AsleepApiKeySchema } from '../tenant/tenant-inputs.schema';

export const RotateTenantKeyInputSchema = z.object({
  tenantId: TenantIdSchema,
  asleepApiKey: AsleepApiKeySchema,
});
export type RotateTenantKeyInput = z.infer<typeof RotateTenantKeyInputSchema>;

export const RotateTenantKeyOutputSchema = TenantViewSchema;
