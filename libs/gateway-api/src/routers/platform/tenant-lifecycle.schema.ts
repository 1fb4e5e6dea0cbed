import { TenantIdSchema } from '@sleep/contracts';
import { z } from 'zod';
import { TenantViewSchema } from '../../schemas/views.schema';

export const DisableTenantInputSchema = z.object({
  tenantId: TenantIdSchema,
  reason: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .describe('Why; logged by every service that refuses the tenant'),
});
export type DisableTenantInput = z.infer<typeof DisableTenantInputSchema>;

export const TenantRefInputSchema = z.object({ tenantId: TenantIdSchema });
export type TenantRefInput = z.infer<typeof TenantRefInputSchema>;

export const TenantLifecycleOutputSchema = TenantViewSchema;

export const DeleteTenantOutputSchema = z.object({
  tenantId: TenantIdSchema,
  deleted: z.literal(true),
  /** Users erased by this call (a retried deletion counts only those that remained). */
  usersErased: z.int().min(0),
});
export type DeleteTenantOutput = z.infer<typeof DeleteTenantOutputSchema>;
