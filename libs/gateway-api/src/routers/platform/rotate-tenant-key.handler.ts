import type { AuthedContext } from '../../auth/subject';
import { notFound } from '../../errors/gateway-error';
import type { TenantView } from '../../schemas/views.schema';
import type { RotateTenantKeyInput } from './rotate-tenant-key.schema';

/** The operator's counterpart of `tenant.rotateKey`, for a tenant whose admins cannot do it. */
export async function rotateTenantKeyHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: RotateTenantKeyInput;
}): Promise<TenantView> {
  if (!(await ctx.deps.tenants.get(input.tenantId))) throw notFound('Tenant');
  return ctx.deps.tenants.rotateKey(
    input.tenantId,
    input.asleepApiKey,
    ctx.deps.settings.keyGraceSeconds,
  );
}
