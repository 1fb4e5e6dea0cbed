import type { AuthedContext } from '../../auth/subject';
import { notFound } from '../../errors/gateway-error';
import type { TenantView } from '../../schemas/views.schema';
import { rotateVerifiedKey } from '../../services/key-rotation';
import type { RotateTenantKeyInput } from './rotate-tenant-key.schema';

/** The operator's counterpart of `tenant.rotateKey`, for a tenant whose admins cannot do it. */
export async function rotateTenantKeyHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: RotateTenantKeyInput;
}): Promise<TenantView> {
  const tenant = await ctx.deps.tenants.get(input.tenantId);
  if (!tenant) throw notFound('Tenant');
  return rotateVerifiedKey(ctx, tenant, input.asleepApiKey);
}
