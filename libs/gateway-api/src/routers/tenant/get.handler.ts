import { type AuthedContext, callerTenant } from '../../auth/subject';
import type { TenantView } from '../../schemas/views.schema';

/** The caller's tenant: name, default zone, key fingerprint. */
export function getTenantHandler({ ctx }: { ctx: AuthedContext }): Promise<TenantView> {
  return callerTenant(ctx);
}
