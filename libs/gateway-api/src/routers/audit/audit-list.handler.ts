import type { AuthedContext } from '../../auth/subject';
import { forbidden } from '../../errors/gateway-error';
import type { AuditListInput, AuditListOutput } from './audit-list.schema';

/** Newest first. Operators read any tenant's entries (or all); admins only their own tenant's. */
export async function auditListHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: AuditListInput;
}): Promise<AuditListOutput> {
  const { principal } = ctx;
  let tenantId: string | null = input.tenantId ?? null;
  if (principal.role !== 'operator') {
    if (input.tenantId !== undefined && input.tenantId !== principal.tenantId)
      throw forbidden("Admins read their own tenant's audit log only");
    tenantId = principal.tenantId;
  }
  return ctx.deps.audit.list({ ...input, tenantId });
}
