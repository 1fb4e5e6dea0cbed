import { actorOf } from '../../audit/audit-actor';
import { audited } from '../../audit/audited';
import type { AuthedContext } from '../../auth/subject';
import { gatewayError, notFound } from '../../errors/gateway-error';
import type { Tenant, TenantLifecycle } from '../../ports/tenants.port';
import type { TenantView } from '../../schemas/views.schema';
import { purgeTenant } from '../../services/tenant-purge';
import type {
  DeleteTenantOutput,
  DisableTenantInput,
  TenantRefInput,
} from './tenant-lifecycle.schema';

async function existing(ctx: AuthedContext, tenantId: string): Promise<Tenant> {
  const tenant = await ctx.deps.tenants.get(tenantId);
  if (!tenant) throw notFound('Tenant');
  return tenant;
}

function lifecycleChange(
  ctx: AuthedContext,
  tenant: Tenant,
  status: TenantLifecycle,
  reason: string | null,
): Promise<TenantView> {
  if (tenant.status === 'deleting')
    throw gatewayError('CONFLICT', 'The tenant is being deleted; only the deletion can be retried');
  return audited(
    ctx.deps,
    {
      tenantId: tenant.id,
      actor: actorOf(ctx.principal),
      action: status === 'active' ? 'tenant.enable' : 'tenant.disable',
      target: { kind: 'tenant', id: tenant.id },
      details: { from: tenant.status, ...(reason ? { reason } : {}) },
    },
    () => ctx.deps.tenants.setStatus(tenant.id, status, reason),
  );
}

/** Webhooks answered 401 (the reason logged), API calls of its users refused; data kept. */
export async function disableTenantHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: DisableTenantInput;
}): Promise<TenantView> {
  return lifecycleChange(ctx, await existing(ctx, input.tenantId), 'disabled', input.reason);
}

export async function enableTenantHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: TenantRefInput;
}): Promise<TenantView> {
  return lifecycleChange(ctx, await existing(ctx, input.tenantId), 'active', null);
}

/**
 * Refuses the tenant at once (webhooks, API), erases every user everywhere through the path of
 * `users.delete`, then forgets the tenant. A failure leaves it `deleting`; the call is retried.
 */
export async function deleteTenantHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: TenantRefInput;
}): Promise<DeleteTenantOutput> {
  const tenant = await existing(ctx, input.tenantId);
  const { usersErased } = await audited(
    ctx.deps,
    {
      tenantId: tenant.id,
      actor: actorOf(ctx.principal),
      action: 'tenant.delete',
      target: { kind: 'tenant', id: tenant.id },
      details: { from: tenant.status },
    },
    async () => {
      if (tenant.status !== 'deleting')
        await ctx.deps.tenants.setStatus(tenant.id, 'deleting', 'deletion requested');
      return purgeTenant(ctx.deps, tenant.id, ctx.principal);
    },
    (result) => ({ usersErased: result.usersErased }),
  );
  return { tenantId: tenant.id, deleted: true, usersErased };
}
