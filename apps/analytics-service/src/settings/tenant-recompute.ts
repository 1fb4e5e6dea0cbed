import type { AnyDatabaseHandle } from '@sleep/persistence';
import type { ScoreWeights } from '@sleep/sleep-metrics';
import { TenantRules } from './tenant-rules';
import { reprojectUsers } from './user-reprojection';

/** Users per transaction; two transactions in flight (one computing while the other writes). */
const BATCH_USERS = 500;
const IN_FLIGHT = 2;

/**
 * Brings a tenant's stored nights, reports, insights and rollups to its current rules and
 * weights, as if every night had been ingested under them (`reprojectUsers`), whole users per
 * transaction. Reports and insights are stored, not announced (as a rebuild). The batches leave
 * the tenant's atom rollups as they were; they are built once from `org_user_days` at the end
 * (a failed recompute is run again whole, so they are never left behind).
 */
export async function recomputeTenant(
  database: AnyDatabaseHandle,
  tenantId: string,
): Promise<{ users: number; nightsMoved: number }> {
  const rules = await new TenantRules(database).get(tenantId);
  const [tenant] = await database.query<{ score_weights: ScoreWeights | null }>(
    `select score_weights from analytics.tenant_settings where tenant_id = $1`,
    [tenantId],
  );
  const settings = { rules, weights: tenant?.score_weights ?? null };
  const nowMs = Date.now();
  const users = (
    await database.query<{ user_id: string }>(
      `select user_id from analytics.nightly_facts where tenant_id = $1
       union select user_id from analytics.session_starts where tenant_id = $1
       order by 1`,
      [tenantId],
    )
  ).map((row) => row.user_id);
  let nightsMoved = 0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < users.length; i += BATCH_USERS) {
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    const batch = users.slice(i, i + BATCH_USERS);
    const written = database
      .transaction((tx) => reprojectUsers(tx, tenantId, batch, settings, nowMs))
      .then((moved) => {
        nightsMoved += moved;
      });
    written.catch(() => undefined);
    inFlight.push(written);
  }
  await Promise.all(inFlight);
  await database.query(`select analytics.org_rebuild_tenant_rollups($1)`, [tenantId]);
  return { users: users.length, nightsMoved };
}

/** Tenants whose settings changed after their last recompute, with the change's time (exact text). */
export function pendingRecomputes(
  database: AnyDatabaseHandle,
): Promise<{ tenantId: string; requestedAt: string }[]> {
  return database.query(
    `select tenant_id as "tenantId", recompute_requested_at::text as "requestedAt"
     from analytics.tenant_settings
     where recompute_requested_at > coalesce(recomputed_at, '-infinity'::timestamptz)
     order by recompute_requested_at`,
  );
}

/** The recompute that started after `requestedAt`'s change is done (a later change stays pending). */
export async function markRecomputed(
  database: AnyDatabaseHandle,
  tenantId: string,
  requestedAt: string,
): Promise<void> {
  await database.query(
    `update analytics.tenant_settings set recomputed_at = $2::timestamptz
     where tenant_id = $1 and (recomputed_at is null or recomputed_at < $2::timestamptz)`,
    [tenantId, requestedAt],
  );
}
