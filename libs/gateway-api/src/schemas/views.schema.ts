import {
  AsleepUserIdSchema,
  LastSessionInfoSchema,
  OffsetDateTimeSchema,
  TenantIdSchema,
  UserMetadataSchema,
} from '@sleep/contracts';
import { z } from 'zod';
import { AppUserIdSchema, RoleSchema } from '../auth/principal';
import { documented } from './documented';

/** An app user and the Asleep user created for them. */
export const AppUserViewSchema = z.object({
  appUserId: AppUserIdSchema,
  asleepUserId: AsleepUserIdSchema,
  createdAt: OffsetDateTimeSchema,
});
export type AppUserView = z.infer<typeof AppUserViewSchema>;

/** An app user with what Asleep knows of them (Asleep contract U2). */
export const UserProfileSchema = AppUserViewSchema.extend({
  toBeDeleted: z.boolean().nullable(),
  metadata: UserMetadataSchema.nullable(),
  lastSession: documented(LastSessionInfoSchema.nullable(), 'The latest session Asleep knows of'),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;

/** A tenant as its members see it: never the Asleep key, only its fingerprint. */
export const TenantViewSchema = z.object({
  id: TenantIdSchema,
  name: z.string(),
  defaultTimezone: z.string(),
  keyFingerprint: z.string(),
  keyRotatedAt: OffsetDateTimeSchema,
  createdAt: OffsetDateTimeSchema,
  revision: z.int(),
  status: z.enum(['active', 'disabled', 'deleting']),
  statusReason: z.string().nullable(),
});
export type TenantView = z.infer<typeof TenantViewSchema>;

export const MeSchema = z.object({
  tenantId: TenantIdSchema,
  appUserId: AppUserIdSchema,
  role: RoleSchema,
  /** Null for an operator whose home tenant is not a tenant of the platform. */
  tenant: TenantViewSchema.nullable(),
  /** Null until `users.create` made the caller's Asleep user. */
  asleepUserId: AsleepUserIdSchema.nullable(),
});
export type Me = z.infer<typeof MeSchema>;

export const UsageDaySchema = z.object({
  date: z.iso.date(),
  procedure: z.string(),
  calls: z.int(),
  errors: z.int(),
  meanMs: z.number(),
});
export type UsageDayView = z.infer<typeof UsageDaySchema>;
