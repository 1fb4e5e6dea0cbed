import { IanaTimezoneSchema } from '@sleep/contracts';
import { z } from 'zod';

/** An Asleep API key as issued by Asleep's dashboard: opaque, printable, no spaces. */
export const AsleepApiKeySchema = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'API keys are printable ASCII without spaces');

export const TenantNameSchema = z.string().trim().min(1).max(200);

export const TenantSettingsSchema = z
  .object({ name: TenantNameSchema.optional(), defaultTimezone: IanaTimezoneSchema.optional() })
  .refine(
    (patch) => patch.name !== undefined || patch.defaultTimezone !== undefined,
    'Nothing to change',
  );
export type TenantSettingsInput = z.infer<typeof TenantSettingsSchema>;
