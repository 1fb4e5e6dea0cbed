import { type AuthedContext, callerTenant } from '../../auth/subject';
import type { TenantView } from '../../schemas/views.schema';
import type { RotateKeyInput } from './rotate-key.schema';

/**
 * Replaces the tenant's Asleep key: calls use the new one at once, webhook-ingest accepts both
 * during the grace period (sessions uploaded with the old key still report with it).
 */
export async function rotateKeyHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: RotateKeyInput;
}): Promise<TenantView> {
  const tenant = await callerTenant(ctx);
  return ctx.deps.tenants.rotateKey(
    tenant.id,
    input.asleepApiKey,
    ctx.deps.settings.keyGraceSeconds,
  );
}
