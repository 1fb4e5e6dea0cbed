import { z } from 'zod';
import { TenantViewSchema } from '../../schemas/views.schema';

export const ListTenantsInputSchema = z.void();
export const ListTenantsOutputSchema = z.object({ tenants: z.array(TenantViewSchema) });
export type ListTenantsOutput = z.infer<typeof ListTenantsOutputSchema>;
