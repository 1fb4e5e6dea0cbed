import { TenantIdSchema } from '@sleep/contracts';
import { z } from 'zod';

/**
 * Roles a token can carry. member: their own Asleep user only; analyst: reads every user of
 * the tenant; admin: manages the tenant's users and settings; operator: manages tenants but
 * never reads sleep data.
 */
export const RoleSchema = z.enum(['member', 'analyst', 'admin', 'operator']);
export type Role = z.infer<typeof RoleSchema>;

/** The frontend's own id for its user (the JWT `sub`): opaque, printable, no spaces. */
export const AppUserIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'App user ids are printable ASCII without spaces');
export type AppUserId = z.infer<typeof AppUserIdSchema>;

/** Who is calling, as the verified token says. */
export const PrincipalSchema = z.object({
  tenantId: TenantIdSchema,
  appUserId: AppUserIdSchema,
  role: RoleSchema,
});
export type Principal = z.infer<typeof PrincipalSchema>;
