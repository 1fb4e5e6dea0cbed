import { procedureFor, router } from '../../trpc';
import { auditListHandler } from './audit-list.handler';
import { AuditListInputSchema, AuditListOutputSchema } from './audit-list.schema';

/** The audit log: who did what to whom, when, and how it ended. */
export const auditRouter = router({
  list: procedureFor('admin', 'operator')
    .meta({
      openapi: {
        method: 'GET',
        path: '/audit',
        tags: ['audit'],
        summary: 'Audit entries, newest first (admins: their tenant; operators: any)',
      },
    })
    .input(AuditListInputSchema)
    .output(AuditListOutputSchema)
    .query(auditListHandler),
});
