import { z } from 'zod';
import { TenantViewSchema } from '../../schemas/views.schema';

export const GetTenantInputSchema = z.void();
export const GetTenantOutputSchema = TenantViewSchema;
