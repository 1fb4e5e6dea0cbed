import type { GatewayDeps } from '../ports/gateway-deps';
import type { SessionRef } from '../ports/sessions.port';

/**
 * Deletes one night at Asleep and in the store (session-service does both, then announces it so
 * analytics forgets it), then from the cache. The one path of `sessions.delete` and of retention.
 */
export async function eraseSession(
  deps: GatewayDeps,
  ref: SessionRef,
): Promise<{ deleted: boolean }> {
  const { deleted } = await deps.sessions.delete(ref);
  deps.sessionCache.forgetSession(ref.tenantId, ref.asleepUserId, ref.sessionId);
  return { deleted };
}
