import { AsleepUserIdSchema, IanaTimezoneSchema, TenantIdSchema } from '@sleep/contracts';

/**
 * Every call names the tenant: a user or session of another tenant is not found. The user is
 * Asleep's user id, `asleepUserId` everywhere (docs/naming.md).
 */
export const scope = {
  tenantId: TenantIdSchema,
  asleepUserId: AsleepUserIdSchema,
};

/** Zone the datetimes are rendered in and date filters evaluated in (Asleep contract 7.3). */
export const TimezoneInputSchema = IanaTimezoneSchema.default('UTC');
