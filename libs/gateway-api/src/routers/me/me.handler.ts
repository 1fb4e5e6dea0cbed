import type { AuthedContext } from '../../auth/subject';
import type { Me } from '../../schemas/views.schema';

/** Who the token says the caller is, with their tenant and Asleep user when they exist. */
export async function meHandler({ ctx }: { ctx: AuthedContext }): Promise<Me> {
  const { principal, deps } = ctx;
  const [tenant, user] = await Promise.all([
    deps.tenants.get(principal.tenantId),
    principal.role === 'operator' ? null : deps.users.find(principal.tenantId, principal.appUserId),
  ]);
  return { ...principal, tenant, asleepUserId: user?.asleepUserId ?? null };
}
