import type { AnalyticsRules } from '@sleep/contracts';
import type { AnyDatabaseHandle, Transaction } from '@sleep/persistence';
import { sql } from 'drizzle-orm';
import { ANALYTICS_LOCK_SPACE, recomputeMainSleeps } from '../facts/fact-writer';
import { placeNight } from '../facts/nightly-fact';
import { ALL_DAYS, refreshOrgDays } from '../org/org-rollups';
import { rescoreUsers } from '../scoring/fact-scorer';
import { TenantRules } from './tenant-rules';

type Tx = Transaction<Record<string, unknown>>;
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** Users per transaction; two transactions in flight (one computing while the other writes). */
const BATCH_USERS = 500;
const IN_FLIGHT = 2;

interface PlacedRow {
  session_id: string;
  user_id: string;
  start_ms: number;
  end_ms: number;
  created_timezone: string | null;
  zone: string;
  start_date: string;
  sleep_day: string;
  is_nap: boolean;
}

/**
 * Brings a tenant's stored nights and rollups to its current rules and weights, as if every
 * night had been ingested under them: each night's zone, start date, sleep day and nap
 * (`placeNight`, the ingest rule), the starts of stored nights moved with them, main sleeps of
 * every day, every score (`rescoreUsers`: `rescore` from the first day), then `org_user_days`.
 * Whole users per transaction under the writer's per-user locks (taken in the writer's order),
 * so live ingestion never interleaves with it.
 * Starts of nights that never completed keep their day (their zone is not stored).
 */
export async function recomputeTenant(
  database: AnyDatabaseHandle,
  tenantId: string,
): Promise<{ users: number; nightsMoved: number }> {
  const rules = await new TenantRules(database).get(tenantId);
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
      .transaction((tx) => recomputeUsers(tx, tenantId, batch, rules))
      .then((moved) => {
        nightsMoved += moved;
      });
    written.catch(() => undefined);
    inFlight.push(written);
  }
  await Promise.all(inFlight);
  return { users: users.length, nightsMoved };
}

async function recomputeUsers(
  tx: Tx,
  tenantId: string,
  userIds: readonly string[],
  rules: AnalyticsRules,
): Promise<number> {
  const ids = sql.param(userIds);
  await tx.execute(
    sql`select pg_advisory_xact_lock(${ANALYTICS_LOCK_SPACE}, h)
        from (select distinct hashtext(${tenantId} || ':' || u) as h from unnest(${ids}::text[]) u order by h) as l`,
  );
  const rows = rowsOf<PlacedRow>(
    await tx.execute(
      sql`select session_id, user_id, (extract(epoch from start_at) * 1000)::float8 as start_ms,
                 (extract(epoch from end_at) * 1000)::float8 as end_ms, created_timezone, zone,
                 start_date::text as start_date, sleep_day::text as sleep_day, is_nap
          from analytics.nightly_facts where tenant_id = ${tenantId} and user_id = any(${ids}::text[])`,
    ),
  );
  const moved = rows
    .map((row) => ({
      row,
      placed: placeNight(row.start_ms, row.end_ms, row.created_timezone, rules),
    }))
    .filter(
      ({ row, placed }) =>
        placed.zone !== row.zone ||
        placed.startDate !== row.start_date ||
        placed.sleepDay !== row.sleep_day ||
        placed.isNap !== row.is_nap,
    );
  if (moved.length > 0) {
    const col = <T>(pick: (m: (typeof moved)[number]) => T) => sql.param(moved.map(pick));
    await tx.execute(
      sql`update analytics.nightly_facts f
          set zone = m.zone, start_date = m.start_date, sleep_day = m.sleep_day, is_nap = m.is_nap
          from unnest(${col((m) => m.row.user_id)}::text[], ${col((m) => m.row.session_id)}::text[],
                      ${col((m) => m.placed.zone)}::text[], ${col((m) => m.placed.startDate)}::date[],
                      ${col((m) => m.placed.sleepDay)}::date[], ${col((m) => m.placed.isNap)}::boolean[])
               as m(user_id, session_id, zone, start_date, sleep_day, is_nap)
          where f.tenant_id = ${tenantId} and f.user_id = m.user_id and f.session_id = m.session_id`,
    );
    await tx.execute(
      sql`update analytics.session_starts s set day = f.sleep_day
          from analytics.nightly_facts f
          where s.tenant_id = ${tenantId} and s.user_id = any(${ids}::text[])
            and f.tenant_id = s.tenant_id and f.user_id = s.user_id and f.session_id = s.session_id
            and s.day <> f.sleep_day`,
    );
    const days = new Map<string, { tenantId: string; userId: string; sleepDay: string }>();
    for (const { row, placed } of moved)
      for (const sleepDay of [row.sleep_day, placed.sleepDay])
        days.set(`${row.user_id}\u0000${sleepDay}`, { tenantId, userId: row.user_id, sleepDay });
    await recomputeMainSleeps(tx, [...days.values()]);
  }
  await rescoreUsers(tx, tenantId, userIds);
  await refreshOrgDays(
    tx,
    userIds.map((userId) => ({ tenantId, userId, day: ALL_DAYS })),
  );
  return moved.length;
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
