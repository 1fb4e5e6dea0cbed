import { IanaTimezoneSchema, TenantIdSchema } from '@sleep/contracts';
import { z } from 'zod';
import { TenantViewSchema } from '../../schemas/views.schema';
import { AsleepApiKeySchema, TenantNameSchema } from '../tenant/tenant-inputs.schema';

export const CreateTenantInputSchema = z.object({
  id: TenantIdSchema,
  name: TenantNameSchema,
  defaultTimezone: IanaTimezoneSchema.default('UTC'),
  asleepApiKey: AsleepApiKeySchema,
});
export type CreateTenantInput = z.infer<typeof CreateTenantInputSchema>;

export const CreateTenantOutputSchema = TenantViewSchema;
