import type { AnyDatabaseHandle, Transaction } from '@sleep/persistence';
import { sql } from 'drizzle-orm';
import { deletedSessions, nightlyFacts, skippedNights } from '../db/schema';
import { refreshOrgDays } from '../org/org-rollups';
import { a1StatOf } from '../rpc/a1-stat';
import { rescore } from '../scoring/fact-scorer';
import { type FactIntent, factKey } from './fact-intents';
import { applyStarts, type SessionStart } from './session-starts';
import type { SkipReason } from './nightly-fact';

type Tx = Transaction<Record<string, unknown>>;

export interface UserDay {
  tenantId: string;
  userId: string;
  sleepDay: string;
}

export interface WriteResult {
  stored: number;
  deleted: number;
  skipped: SkipReason[];
  /** Sleep days whose facts changed: their main sleep was recomputed, their aggregates are stale. */
  changedDays: UserDay[];
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

interface ExistingRow {
  tenant_id: string;
  user_id: string;
  session_id: string;
  version: number;
  sleep_day: string;
}

/**
 * Applies fact intents in one transaction: a newer version replaces an older one, never the
 * reverse; a deletion leaves a tombstone so a late older event cannot bring the night back; a
 * deleted user's events are ignored. Main sleeps are recomputed for every day touched.
 */
export class FactWriter {
  constructor(private readonly database: AnyDatabaseHandle) {}

  apply(
    intents: readonly FactIntent[],
    starts: readonly SessionStart[] = [],
  ): Promise<WriteResult> {
    return this.database.transaction((tx) => applyIntents(tx, intents, starts));
  }
}

/** Facts and session starts of one batch, then the tenant rollups of every user they touched. */
export async function applyIntents(
  tx: Tx,
  intents: readonly FactIntent[],
  starts: readonly SessionStart[] = [],
): Promise<WriteResult> {
  const result: WriteResult = { stored: 0, deleted: 0, skipped: [], changedDays: [] };
  if (intents.length === 0 && starts.length === 0) return result;
  const written = await applyFacts(tx, intents, result);
  const startDays = await applyStarts(tx, starts, written.deletes);
  await refreshOrgDays(tx, [
    ...result.changedDays.map((d) => ({ tenantId: d.tenantId, userId: d.userId, day: d.sleepDay })),
    ...startDays,
  ]);
  return result;
}

async function applyFacts(
  tx: Tx,
  intents: readonly FactIntent[],
  result: WriteResult,
): Promise<{ deletes: Extract<FactIntent, { kind: 'delete' }>[] }> {
  if (intents.length === 0) return { deletes: [] };
  const refs = intents.map((i) => (i.kind === 'upsert' ? i.fact : i));
  const tenants = refs.map((r) => r.tenantId);
  const users = refs.map((r) => r.userId);
  const sessions = refs.map((r) => r.sessionId);
  const keys = sql`unnest(${sql.param(tenants)}::text[], ${sql.param(users)}::text[], ${sql.param(sessions)}::text[]) as k(tenant_id, user_id, session_id)`;
  // Per-user locks so concurrent writers (live consumer, rebuild) never interleave on one user.
  await tx.execute(
    sql`select pg_advisory_xact_lock(${ANALYTICS_LOCK_SPACE}, h) from (select distinct hashtext(tenant_id || ':' || user_id) as h from ${keys} order by h) as l`,
  );
  const existing = rowsOf<ExistingRow>(
    await tx.execute(
      sql`select f.tenant_id, f.user_id, f.session_id, f.version, f.sleep_day::text as sleep_day
          from ${keys} join analytics.nightly_facts f using (tenant_id, user_id, session_id)`,
    ),
  );
  const tombstones = rowsOf<{
    tenant_id: string;
    user_id: string;
    session_id: string;
    version: number;
  }>(
    await tx.execute(
      sql`select d.tenant_id, d.user_id, d.session_id, d.version
          from ${keys} join analytics.deleted_sessions d using (tenant_id, user_id, session_id)`,
    ),
  );
  const goneUsers = new Set(
    rowsOf<{ tenant_id: string; user_id: string }>(
      await tx.execute(
        sql`select distinct d.tenant_id, d.user_id from ${keys} join analytics.deleted_users d using (tenant_id, user_id)`,
      ),
    ).map((r) => `${r.tenant_id}\u0000${r.user_id}`),
  );
  const stored = new Map(existing.map((r) => [factKey(r.tenant_id, r.user_id, r.session_id), r]));
  const deletedAt = new Map(
    tombstones.map((r) => [factKey(r.tenant_id, r.user_id, r.session_id), r.version]),
  );
  const days = new Map<string, UserDay>();
  const touch = (tenantId: string, userId: string, sleepDay: string) =>
    days.set(`${tenantId}\u0000${userId}\u0000${sleepDay}`, { tenantId, userId, sleepDay });

  const upserts = [];
  const deletes: Extract<FactIntent, { kind: 'delete' }>[] = [];
  const skips = [];
  for (const intent of intents) {
    const ref = intent.kind === 'upsert' ? intent.fact : intent;
    if (goneUsers.has(`${ref.tenantId}\u0000${ref.userId}`)) continue;
    const tombstone = deletedAt.get(intent.key);
    if (tombstone !== undefined && tombstone >= intent.version) continue;
    const current = stored.get(intent.key);
    if (current && current.version >= intent.version) continue;
    if (intent.kind === 'upsert') {
      upserts.push(intent.fact);
      if (current) touch(ref.tenantId, ref.userId, current.sleep_day);
      touch(ref.tenantId, ref.userId, intent.fact.sleepDay);
    } else if (intent.kind === 'delete') {
      deletes.push(intent);
      if (current) touch(ref.tenantId, ref.userId, current.sleep_day);
    } else {
      skips.push(intent);
    }
  }

  if (upserts.length > 0) {
    await tx
      .insert(nightlyFacts)
      .values(upserts.map((fact) => ({ ...fact, a1Stat: a1StatOf(fact.stat) })))
      .onConflictDoUpdate({
        target: [nightlyFacts.tenantId, nightlyFacts.userId, nightlyFacts.sessionId],
        set: Object.fromEntries(
          UPDATED_COLUMNS.map((column) => [column, sql.raw(`excluded.${snake(column)}`)]),
        ),
        setWhere: sql`${nightlyFacts.version} < excluded.version`,
      });
    result.stored = upserts.length;
  }
  if (deletes.length > 0) {
    await tx
      .insert(deletedSessions)
      .values(
        deletes.map(({ tenantId, userId, sessionId, version }) => ({
          tenantId,
          userId,
          sessionId,
          version,
        })),
      )
      .onConflictDoUpdate({
        target: [deletedSessions.tenantId, deletedSessions.userId, deletedSessions.sessionId],
        set: { version: sql`greatest(${deletedSessions.version}, excluded.version)` },
      });
    await tx.execute(
      sql`delete from analytics.nightly_facts f
          using unnest(${sql.param(deletes.map((d) => d.tenantId))}::text[], ${sql.param(deletes.map((d) => d.userId))}::text[], ${sql.param(deletes.map((d) => d.sessionId))}::text[], ${sql.param(deletes.map((d) => d.version))}::int[]) as d(tenant_id, user_id, session_id, version)
          where f.tenant_id = d.tenant_id and f.user_id = d.user_id and f.session_id = d.session_id and f.version <= d.version`,
    );
    result.deleted = deletes.length;
  }
  if (skips.length > 0) {
    await tx
      .insert(skippedNights)
      .values(
        skips.map(({ tenantId, userId, sessionId, version, reason }) => ({
          tenantId,
          userId,
          sessionId,
          version,
          reason,
        })),
      )
      .onConflictDoUpdate({
        target: [skippedNights.tenantId, skippedNights.userId, skippedNights.sessionId],
        set: { version: sql`excluded.version`, reason: sql`excluded.reason` },
        setWhere: sql`${skippedNights.version} < excluded.version`,
      });
    result.skipped = skips.map((s) => s.reason);
  }
  result.changedDays = [...days.values()];
  await recomputeMainSleeps(tx, result.changedDays);
  await rescore(tx, result.changedDays);
  return { deletes };
}

const UPDATED_COLUMNS = [
  'version',
  'startAt',
  'endAt',
  'createdTimezone',
  'zone',
  'peculiarities',
  'missingDataRatio',
  'stat',
  'a1Stat',
  'slept',
  'sleepStages',
  'startDate',
  'sleepDay',
  'isNap',
] as const;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Namespace of the per-user advisory locks. */
export const ANALYTICS_LOCK_SPACE = 0x0a7a;

/**
 * The main sleep of a sleep day, recomputed from the day's facts, never adjusted incrementally:
 * the same order as `deriveNightFacts` in `@sleep/sleep-metrics` (most time asleep, then time in
 * bed, earlier start, session id), among the day's nights that are not naps.
 */
export async function recomputeMainSleeps(tx: Tx, days: readonly UserDay[]): Promise<void> {
  if (days.length === 0) return;
  await tx.execute(
    sql`with d as (
          select * from unnest(${sql.param(days.map((d) => d.tenantId))}::text[], ${sql.param(days.map((d) => d.userId))}::text[], ${sql.param(days.map((d) => d.sleepDay))}::date[]) as d(tenant_id, user_id, sleep_day)
        ), ranked as (
          select f.tenant_id, f.user_id, f.session_id,
                 not f.is_nap and row_number() over (
                   partition by f.tenant_id, f.user_id, f.sleep_day
                   order by f.is_nap, coalesce((f.stat->>'time_in_sleep')::int, 0) desc,
                            f.end_at - f.start_at desc, f.start_at, f.session_id collate "C"
                 ) = 1 as main
          from analytics.nightly_facts f join d using (tenant_id, user_id, sleep_day)
        )
        update analytics.nightly_facts f set is_main_sleep = r.main
        from ranked r
        where f.tenant_id = r.tenant_id and f.user_id = r.user_id and f.session_id = r.session_id
          and f.is_main_sleep is distinct from r.main`,
  );
}
