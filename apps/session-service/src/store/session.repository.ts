import type { Transaction } from '@sleep/persistence';
import { type AnyColumn, and, eq, sql, type SQL } from 'drizzle-orm';
import { deletedSessions, deletedUsers, sessions, users } from '../db/schema';
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

export async function loadDeletedUsers(tx: Tx, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx
    .select({ userId: deletedUsers.userId })
    .from(deletedUsers)
    .where(anyOf(deletedUsers.userId, userIds));
  return new Set(rows.map((row) => row.userId));
}

export async function loadDeletedSessions(
  tx: Tx,
  userIds: readonly string[],
  sessionIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx
    .select({ userId: deletedSessions.userId, sessionId: deletedSessions.sessionId })
    .from(deletedSessions)
    .where(
      and(anyOf(deletedSessions.userId, userIds), anyOf(deletedSessions.sessionId, sessionIds)),
    );
  return new Set(rows.map((row) => sessionKey(row.userId, row.sessionId)));
}

/** Over-selects the cross product of users and ids; the map keeps the exact pairs. */
export async function loadNights(
  tx: Tx,
  userIds: readonly string[],
  sessionIds: readonly string[],
): Promise<Map<string, Night>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(sessions)
    .where(and(anyOf(sessions.userId, userIds), anyOf(sessions.sessionId, sessionIds)));
  return new Map(rows.map((row) => [sessionKey(row.userId, row.sessionId), nightFromRow(row)]));
}

export const insertOutbox = (tx: Tx, entries: readonly OutboxEntry[]) =>
  insertOutboxRows(tx, entries);

export async function deleteNight(tx: Tx, userId: string, sessionId: string): Promise<void> {
  await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.sessionId, sessionId)));
}
