import { AsleepUserIdSchema, IanaTimezoneSchema, TenantIdSchema } from '@sleep/contracts';

/** Every call names the tenant: a user or session of another tenant is not found. */
export const scope = {
  tenantId: TenantIdSchema,
  userId: AsleepUserIdSchema,
};

/** Zone the datetimes are rendered in and date filters evaluated in (Asleep contract 7.3). */
export const TimezoneInputSchema = IanaTimezoneSchema.default('UTC');
