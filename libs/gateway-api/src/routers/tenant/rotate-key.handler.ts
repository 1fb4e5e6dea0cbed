import { type AuthedContext, callerTenant } from '../../auth/subject';
import type { TenantView } from '../../schemas/views.schema';
import { rotateVerifiedKey } from '../../services/key-rotation';
import type { RotateKeyInput } from './rotate-key.schema';

/** Replaces the tenant's Asleep key, once Asleep accepts the new one. */
export async function rotateKeyHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: RotateKeyInput;
}): Promise<TenantView> {
  return rotateVerifiedKey(ctx, await callerTenant(ctx), input.asleepApiKey);
}
