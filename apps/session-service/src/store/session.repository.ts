import type { Transaction } from '@sleep/persistence';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { deletedSessions, deletedUsers, outbox, sessions, users } from '../db/schema';
import { type Night, sessionKey } from '../domain/night';
import { nightFromRow, type SessionInsert } from './session-row.mapper';

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
    .where(inArray(users.userId, [...userIds]));
  return new Map(rows.map((row) => [row.userId, row]));
}

export async function loadDeletedUsers(tx: Tx, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx
    .select({ userId: deletedUsers.userId })
    .from(deletedUsers)
    .where(inArray(deletedUsers.userId, [...userIds]));
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
      and(
        inArray(deletedSessions.userId, [...userIds]),
        inArray(deletedSessions.sessionId, [...sessionIds]),
      ),
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
    .where(
      and(inArray(sessions.userId, [...userIds]), inArray(sessions.sessionId, [...sessionIds])),
    );
  return new Map(rows.map((row) => [sessionKey(row.userId, row.sessionId), nightFromRow(row)]));
}

const excluded = (column: string): SQL => sql.raw(`excluded."${column}"`);

export async function upsertUsers(tx: Tx, rows: readonly StoredUser[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(users)
    .values(rows.map((row) => ({ ...row, updatedAt: new Date() })))
    .onConflictDoUpdate({
      target: users.userId,
      set: {
        firstSeenAt: sql`least(${users.firstSeenAt}, ${excluded('first_seen_at')})`,
        lastSeenAt: sql`greatest(${users.lastSeenAt}, ${excluded('last_seen_at')})`,
        updatedAt: excluded('updated_at'),
      },
    });
}

const SESSION_COLUMNS = [
  'tenant_id',
  'state',
  'start_time',
  'end_time',
  'unexpected_end_time',
  'created_timezone',
  'sleep_stages',
  'snoring_stages',
  'breath_stages',
  'windows',
  'peculiarities',
  'missing_data_ratio',
  'stat',
  'last_seq_num',
  'version',
  'recovery_due_at',
  'recovery_attempts',
  'updated_at',
  'completed_at',
];

export async function upsertSessions(tx: Tx, rows: readonly SessionInsert[]): Promise<void> {
  if (rows.length === 0) return;
  const set = Object.fromEntries(
    SESSION_COLUMNS.map((column) => [
      column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()),
      excluded(column),
    ]),
  );
  await tx
    .insert(sessions)
    .values([...rows])
    .onConflictDoUpdate({ target: [sessions.userId, sessions.sessionId], set });
}

export async function insertOutbox(tx: Tx, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(outbox).values([...entries]);
}

export async function deleteNight(tx: Tx, userId: string, sessionId: string): Promise<void> {
  await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.sessionId, sessionId)));
}
