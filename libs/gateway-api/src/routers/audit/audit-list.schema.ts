import { AuditEntrySchema, TenantIdSchema } from '@sleep/contracts';
import { z } from 'zod';

export const AuditListInputSchema = z
  .object({
    /** Operators: one tenant, or every tenant when omitted. Admins: their own only. */
    tenantId: TenantIdSchema.optional(),
    action: z
      .string()
      .max(100)
      .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, 'An action or a dotted prefix of actions')
      .optional()
      .describe('An action (`tenant.key.rotate`) or a prefix of actions (`tenant`)'),
    from: z.iso.datetime({ offset: true }).optional().describe('Entries at or after this instant'),
    to: z.iso.datetime({ offset: true }).optional().describe('Entries before this instant'),
    limit: z.int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,19}$/, 'cursor is the nextCursor of the previous page')
      .optional(),
  })
  .refine(({ from, to }) => !from || !to || Date.parse(from) < Date.parse(to), {
    path: ['to'],
    message: 'to must be after from',
  })
  .default({ limit: 50 });
export type AuditListInput = z.infer<typeof AuditListInputSchema>;

export const AuditListOutputSchema = z.object({
  entries: z.array(AuditEntrySchema),
  nextCursor: z.string().nullable(),
});
export type AuditListOutput = z.infer<typeof AuditListOutputSchema>;
