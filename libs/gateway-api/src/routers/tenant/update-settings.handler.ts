import { type AuthedContext, callerTenant } from '../../auth/subject';
import type { TenantView } from '../../schemas/views.schema';
import type { TenantSettingsInput } from './tenant-inputs.schema';

/** Renames the caller's tenant or changes its default zone. */
export async function updateSettingsHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: TenantSettingsInput;
}): Promise<TenantView> {
  const tenant = await callerTenant(ctx);
  return ctx.deps.tenants.updateSettings(tenant.id, input);
}
