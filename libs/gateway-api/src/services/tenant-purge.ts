import type { Principal } from '../auth/principal';
import type { GatewayDeps } from '../ports/gateway-deps';
import { eraseUser } from './user-erasure';

/** Erasures in flight at once: Asleep is called once per user, each with its own retries. */
const CONCURRENCY = 4;
const PAGE = 100;

/**
 * Erases every user of a tenant through the path of `users.delete` (Asleep, every store through
 * `sleep.users.v1`, the mapping), then the tenant's settings here and in analytics-service (its
 * rules, weights and rollups), then forgets the tenant itself. Idempotent: after a failure
 * the tenant stays `deleting` and a retry picks up the users that remain.
 */
export async function purgeTenant(
  deps: GatewayDeps,
  tenantId: string,
  requestedBy: Principal,
): Promise<{ usersErased: number }> {
  let usersErased = 0;
  for (;;) {
    // Erased users leave the directory, so the first page is always the next one.
    const { items } = await deps.users.list(tenantId, { limit: PAGE });
    if (items.length === 0) break;
    for (let i = 0; i < items.length; i += CONCURRENCY) {
      await Promise.all(
        items.slice(i, i + CONCURRENCY).map((user) => eraseUser(deps, user, requestedBy)),
      );
      usersErased += Math.min(CONCURRENCY, items.length - i);
    }
  }
  await deps.orgSettings.removeTenant(tenantId);
  await deps.changes.removeTenant(tenantId);
  await deps.analytics?.removeTenant({ tenantId });
  await deps.webhooks.endpoints.removeTenant(tenantId);
  await deps.tenants.remove(tenantId);
  return { usersErased };
}
