import { actorOf } from '../../audit/audit-actor';
import { audited } from '../../audit/audited';
import type { AuthedContext } from '../../auth/subject';
import { AlreadyExistsError } from '../../errors/already-exists';
import { gatewayError } from '../../errors/gateway-error';
import type { TenantView } from '../../schemas/views.schema';
import type { CreateTenantInput } from './create-tenant.schema';

/** A new tenant with its Asleep key; webhook-ingest learns the key before this resolves. Audited. */
export async function createTenantHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: CreateTenantInput;
}): Promise<TenantView> {
  return audited(
    ctx.deps,
    {
      tenantId: input.id,
      actor: actorOf(ctx.principal),
      action: 'tenant.create',
      target: { kind: 'tenant', id: input.id },
      details: { name: input.name, defaultTimezone: input.defaultTimezone },
    },
    async () => {
      try {
        return await ctx.deps.tenants.create(input);
      } catch (error) {
        if (error instanceof AlreadyExistsError)
          throw gatewayError('CONFLICT', 'A tenant with this id already exists');
        throw error;
      }
    },
    (tenant) => ({ keyFingerprint: tenant.keyFingerprint }),
  );
}
