import type { Transaction } from '@sleep/persistence';
import { type AnyColumn, and, eq, sql, type SQL } from 'drizzle-orm';
import { sessions, users } from '../db/schema';
import { insertOutboxRows } from './bulk-writes';
import { type Night, sessionKey } from '../domain/night';
import { nightFromRow } from './session-row.mapper';

export type Tx = Transaction;

export interface StoredUser {
  userId: string;
  tenantId: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface OutboxEntry {
  topic: string;
  key: string;
  eventId: string;
  value: string;
  traceParent?: string;
}

export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * Serialises every writer of these users (consumers, recovery, backfill, deletions, on any
 * instance) until the transaction ends. It also covers sessions that do not exist yet, which row
 * locks cannot.
 */
export async function lockUsers(tx: Tx, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  // Ordered by the lock key itself, so that colliding hashes cannot make two writers wait in a cycle.
  await tx.execute(
    sql`select pg_advisory_xact_lock(${USER_LOCK_SPACE}, k)
        from (select distinct hashtext(u) as k from unnest(${sql.param([...new Set(userIds)])}::text[]) as u order by k) as keys`,
  );
}

/** Namespace of the two-key advisory locks, apart from the migration lock's one-key space. */
const USER_LOCK_SPACE = 0x5e55;

/** One array parameter however many values: a list of them costs the query builder per value. */
const anyOf = (column: AnyColumn, values: readonly string[]): SQL =>
  sql`${column} = any(${sql.param([...values])}::text[])`;

export async function loadUsers(
  tx: Tx,
  userIds: readonly string[],
): Promise<Map<string, StoredUser>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .select({
      userId: users.userId,
      tenantId: users.tenantId,
      firstSeenAt: users.firstSeenAt,
      lastSeenAt: users.lastSeenAt,
    })
    .from(users)
    .where(anyOf(users.userId, userIds));
  return new Map(rows.map((row) => [row.userId, row]));
}

export interface BatchOwners {
  /** The users already stored, by id. */
  known: Map<string, StoredUser>;
  /** Deleted users: nothing of theirs is stored again. */
  goneUsers: Set<string>;
  /** Deleted nights (`sessionKey`): never brought back. */
  goneSessions: Set<string>;
}

/** Epoch ms: a number, or its text from drivers that return float8 as text. */
type EpochMs = number | string;

type OwnerRow =
  | {
      kind: 'user';
      user_id: string;
      tenant_id: string;
      first_seen_ms: EpochMs;
      last_seen_ms: EpochMs;
    }
  | { kind: 'gone-user'; user_id: string }
  | { kind: 'gone-session'; user_id: string; session_id: string };

/** A night's key: its user and session ids. */
export interface NightRef {
  userId: string;
  sessionId: string;
}

/**
 * The nights named, as `(user_id, session_id)` pairs to join on: one index probe each. Filtering
 * on `user_id = any(..) and session_id = any(..)` instead probes every user with every session id
 * of the batch, a batch's size squared.
 */
function pairsOf(refs: readonly NightRef[]): SQL {
  return sql`select * from unnest(${sql.param(refs.map((r) => r.userId))}::text[], ${sql.param(refs.map((r) => r.sessionId))}::text[])`;
}

/**
 * A batch's users and tombstones in one round trip instead of three: on a busy host each costs
 * more CPU, on both sides, than the few rows it brings. Instants come as epoch ms (stored from
 * JavaScript dates, so whole ms) to read the same from every driver.
 */
export async function loadOwners(tx: Tx, refs: readonly NightRef[]): Promise<BatchOwners> {
  const owners: BatchOwners = { known: new Map(), goneUsers: new Set(), goneSessions: new Set() };
  if (refs.length === 0) return owners;
  const userList = sql.param([...new Set(refs.map((r) => r.userId))]);
  const epochMs = (column: string) =>
    sql.raw(`round(extract(epoch from ${column}) * 1000)::float8`);
  const rows = rowsOf<OwnerRow>(
    await tx.execute(sql`
      select 'user' as kind, user_id, null::text as session_id, tenant_id,
        ${epochMs('first_seen_at')} as first_seen_ms, ${epochMs('last_seen_at')} as last_seen_ms
      from users where user_id = any(${userList}::text[])
      union all
      select 'gone-user', user_id, null, null, null, null
      from deleted_users where user_id = any(${userList}::text[])
      union all
      select 'gone-session', user_id, session_id, null, null, null
      from deleted_sessions where (user_id, session_id) in (${pairsOf(refs)})`),
  );
  for (const row of rows) {
    if (row.kind === 'gone-user') owners.goneUsers.add(row.user_id);
    else if (row.kind === 'gone-session')
      owners.goneSessions.add(sessionKey(row.user_id, row.session_id));
    else
      owners.known.set(row.user_id, {
        userId: row.user_id,
        tenantId: row.tenant_id,
        firstSeenAt: new Date(Number(row.first_seen_ms)),
        lastSeenAt: new Date(Number(row.last_seen_ms)),
      });
  }
  return owners;
}

/** The stored nights among `refs`, by `sessionKey`. */
export async function loadNights(tx: Tx, refs: readonly NightRef[]): Promise<Map<string, Night>> {
  if (refs.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(sessions)
    .where(sql`(${sessions.userId}, ${sessions.sessionId}) in (${pairsOf(refs)})`);
  return new Map(rows.map((row) => [sessionKey(row.userId, row.sessionId), nightFromRow(row)]));
}

export const insertOutbox = (tx: Tx, entries: readonly OutboxEntry[]) =>
  insertOutboxRows(tx, entries);

export async function deleteNight(tx: Tx, userId: string, sessionId: string): Promise<void> {
  await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.sessionId, sessionId)));
}
