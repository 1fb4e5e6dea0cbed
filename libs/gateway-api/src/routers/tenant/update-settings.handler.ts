import { actorOf } from '../../audit/audit-actor';
import { audited } from '../../audit/audited';
import { type AuthedContext, callerTenant } from '../../auth/subject';
import type { TenantView } from '../../schemas/views.schema';
import type { TenantSettingsInput } from './tenant-inputs.schema';

/** Renames the caller's tenant or changes its default zone; audited. */
export async function updateSettingsHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: TenantSettingsInput;
}): Promise<TenantView> {
  const tenant = await callerTenant(ctx);
  return audited(
    ctx.deps,
    {
      tenantId: tenant.id,
      actor: actorOf(ctx.principal),
      action: 'tenant.settings.update',
      target: { kind: 'tenant', id: tenant.id },
      details: { changed: input },
    },
    () => ctx.deps.tenants.updateSettings(tenant.id, input),
  );
}
