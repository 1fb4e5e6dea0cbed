import { z } from 'zod';
import { TenantIdSchema } from '../topics/tenant-events';

/** Who acted: an app user of a tenant, a platform operator, or one of the platform's own jobs. */
export const AuditActorSchema = z.object({
  kind: z.enum(['user', 'operator', 'service']),
  id: z.string().min(1).max(200),
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

/**
 * Dotted, lower-case: `tenant.key.rotate`, `user.delete`, `org.settings.update`; exports record
 * `export.user` (a user's data, any format) and `export.research` (EXPORT_AUDIT_ACTIONS).
 */
export const AuditActionSchema = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'Actions are dotted lower-case words');

export const AuditOutcomeSchema = z.enum(['success', 'failure', 'denied']);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

/** What an action was done to: a tenant, a user, a session, an export … and its id. */
export const AuditTargetSchema = z.object({
  kind: z.string().min(1).max(50),
  id: z.string().min(1).max(200),
});

/**
 * One entry of the audit log as a caller records it; the log adds its id and time. `details`
 * describe the change (field names, counts, reasons), never a secret: the log drops any detail
 * whose name says key, secret, token or password.
 */
export const AuditEntryInputSchema = z.object({
  /** Null for platform-wide actions (a KEK rotation of no particular tenant). */
  tenantId: TenantIdSchema.nullable(),
  actor: AuditActorSchema,
  action: AuditActionSchema,
  target: AuditTargetSchema,
  outcome: AuditOutcomeSchema,
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEntryInput = z.infer<typeof AuditEntryInputSchema>;

/** A stored entry: append-only, ordered by `id`. */
export const AuditEntrySchema = AuditEntryInputSchema.extend({
  id: z.string().regex(/^\d+$/),
  at: z.iso.datetime({ offset: true }),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
