import { TenantViewSchema } from '../../schemas/views.schema';
import { TenantSettingsSchema } from './tenant-inputs.schema';

export const UpdateSettingsInputSchema = TenantSettingsSchema;
export const UpdateSettingsOutputSchema = TenantViewSchema;
