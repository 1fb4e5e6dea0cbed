import type { Principal } from '../auth/principal';
import { gatewayError } from '../errors/gateway-error';
import { viaAsleep } from '../errors/upstream-error';
import type { GatewayDeps } from '../ports/gateway-deps';
import type { AppUser } from '../ports/users.port';

/**
 * Erasure (GDPR art. 17): deletes the user at Asleep (Asleep contract U4; gone already counts
 * as done), announces the deletion on `sleep.users.v1` so every store purges it, replaces the
 * user's changes in the change feed by `user.deleted`, and only then forgets the mapping. Each step is idempotent, so a failed erasure is simply retried. The one
 * path of `users.delete` and of a tenant's deletion.
 */
export async function eraseUser(
  deps: GatewayDeps,
  user: AppUser,
  requestedBy: Principal,
): Promise<void> {
  const asleep = await deps.tenants.asleep(user.tenantId);
  await viaAsleep('User', deps.settings.upstream, () => asleep.deleteUser(user.asleepUserId));
  try {
    await deps.userEvents.deleted(user, requestedBy);
  } catch (error) {
    deps.logger.error({ err: error, tenantId: user.tenantId }, 'user deletion event not published');
    throw gatewayError('SERVICE_UNAVAILABLE', 'The deletion could not be recorded; retry it', {
      retryAfterMs: 1_000,
    });
  }
  // Before the mapping goes: the feed keeps `user.deleted` in place of the user's changes.
  await deps.changes.eraseUser({ ...user, occurredAt: new Date().toISOString() });
  await deps.users.remove(user.tenantId, user.appUserId);
  deps.sessionCache.forgetUser(user.tenantId, user.asleepUserId);
  deps.statsCache.deletePrefix(`${user.tenantId}\u0000${user.asleepUserId}\u0000`);
  deps.streams.userDeleted(user.tenantId, user.asleepUserId);
}
