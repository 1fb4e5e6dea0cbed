import { TimeSlice } from '../common/time-slice';
import type { Transaction } from '@sleep/persistence';
import { type SQL, sql } from 'drizzle-orm';
import type { SessionInsert } from './session-row.mapper';
import type { OutboxEntry, StoredUser } from './session.repository';

/**
 * A batch's rows go to Postgres as one JSON parameter, unpacked by `jsonb_to_recordset`: building
 * a multi-row VALUES list with the query builder costs more CPU than everything else a webhook
 * needs (one bound parameter per cell, ~20 cells per night), and the statement text stays the
 * same whatever the batch size.
 */
type Tx = Transaction;

const hex = (bytes: Uint8Array | null | undefined) =>
  bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') : null;

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/**
 * `JSON.stringify(rows.map(record))`, the same text, one row at a time with turns of the event loop
 * in between: a backlog's batch is megabytes of JSON, too long to build in one go.
 */
async function jsonArray<T>(
  rows: readonly T[],
  record: (row: T) => unknown,
  slice: TimeSlice,
): Promise<string> {
  const parts: string[] = [];
  for (const row of rows) {
    await slice.next();
    parts.push(JSON.stringify(record(row)));
  }
  // The brackets joined with the rows, not around the joined text: that would make a rope which
  // the driver copies once more (megabytes for a backlog's batch) to flatten it.
  parts[0] = `[${parts[0] ?? ''}`;
  parts[parts.length - 1] += ']';
  return parts.join(',');
}

function sessionRecord(row: SessionInsert) {
  return {
    user_id: row.userId,
    session_id: row.sessionId,
    tenant_id: row.tenantId,
    state: row.state,
    start_time: iso(row.startTime),
    end_time: iso(row.endTime),
    unexpected_end_time: iso(row.unexpectedEndTime),
    created_timezone: row.createdTimezone ?? null,
    sleep_stages: hex(row.sleepStages),
    snoring_stages: hex(row.snoringStages),
    breath_stages: hex(row.breathStages),
    windows: row.windows ?? [],
    peculiarities: row.peculiarities ?? [],
    missing_data_ratio: row.missingDataRatio ?? null,
    stat: row.stat ?? null,
    last_seq_num: row.lastSeqNum ?? null,
    version: row.version,
    recovery_due_at: iso(row.recoveryDueAt),
    recovery_attempts: row.recoveryAttempts ?? 0,
    updated_at: iso(row.updatedAt ?? new Date()),
    completed_at: iso(row.completedAt),
  };
}

const INSERT_SESSIONS = sql.raw(`
  insert into sessions (user_id, session_id, tenant_id, state, start_time, end_time,
    unexpected_end_time, created_timezone, sleep_stages, snoring_stages, breath_stages, windows,
    peculiarities, missing_data_ratio, stat, last_seq_num, version, recovery_due_at,
    recovery_attempts, updated_at, completed_at)
  select user_id, session_id, tenant_id, state, start_time, end_time, unexpected_end_time,
    created_timezone, decode(sleep_stages, 'hex'), decode(snoring_stages, 'hex'),
    decode(breath_stages, 'hex'), windows, peculiarities, missing_data_ratio, stat, last_seq_num,
    version, recovery_due_at, recovery_attempts, updated_at, completed_at`);

const SESSION_RECORD = sql.raw(`r(user_id text, session_id text, tenant_id text,
    state text, start_time timestamptz, end_time timestamptz, unexpected_end_time timestamptz,
    created_timezone text, sleep_stages text, snoring_stages text, breath_stages text,
    windows integer[], peculiarities text[], missing_data_ratio double precision, stat jsonb,
    last_seq_num integer, version integer, recovery_due_at timestamptz, recovery_attempts integer,
    updated_at timestamptz, completed_at timestamptz)`);

const REPLACE_SESSIONS = sql.raw(`
  on conflict (user_id, session_id) do update set
    tenant_id = excluded.tenant_id, state = excluded.state, start_time = excluded.start_time,
    end_time = excluded.end_time, unexpected_end_time = excluded.unexpected_end_time,
    created_timezone = excluded.created_timezone, sleep_stages = excluded.sleep_stages,
    snoring_stages = excluded.snoring_stages, breath_stages = excluded.breath_stages,
    windows = excluded.windows, peculiarities = excluded.peculiarities,
    missing_data_ratio = excluded.missing_data_ratio, stat = excluded.stat,
    last_seq_num = excluded.last_seq_num, version = excluded.version,
    recovery_due_at = excluded.recovery_due_at, recovery_attempts = excluded.recovery_attempts,
    updated_at = excluded.updated_at, completed_at = excluded.completed_at`);

/** Inserts or replaces whole nights; each (user, session) at most once per call. */
const upsertSessionsFrom = (records: string) =>
  sql`${INSERT_SESSIONS} from jsonb_to_recordset(${records}::jsonb) as ${SESSION_RECORD} ${REPLACE_SESSIONS}`;

/** New users, and the first/last webhook range of known ones widened. */
const userRecord = (row: StoredUser) => ({
  user_id: row.userId,
  tenant_id: row.tenantId,
  first_seen_at: row.firstSeenAt.toISOString(),
  last_seen_at: row.lastSeenAt.toISOString(),
});

function upsertUsersFrom(records: string) {
  return sql`
    insert into users (user_id, tenant_id, first_seen_at, last_seen_at, updated_at)
    select user_id, tenant_id, first_seen_at, last_seen_at, now()
    from jsonb_to_recordset(${records}::jsonb)
      as r(user_id text, tenant_id text, first_seen_at timestamptz, last_seen_at timestamptz)
    on conflict (user_id) do update set
      first_seen_at = least(users.first_seen_at, excluded.first_seen_at),
      last_seen_at = greatest(users.last_seen_at, excluded.last_seen_at),
      updated_at = excluded.updated_at`;
}

/** Events in the given order: their ids (the relay's publishing order) follow it. */
const outboxRecord = (entry: OutboxEntry) => [
  entry.topic,
  entry.key,
  entry.eventId,
  entry.value,
  entry.traceParent ?? null,
];

function insertOutboxFrom(records: string) {
  return sql`
    insert into outbox (topic, key, event_id, value, trace_parent)
    select e->>0, e->>1, e->>2, e->>3, e->>4
    from jsonb_array_elements(${records}::jsonb) with ordinality as r(e, n)
    order by n`;
}

/** Appends events in the given order: their ids (the relay's publishing order) follow it. */
export async function insertOutboxRows(tx: Tx, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length > 0)
    await tx.execute(insertOutboxFrom(JSON.stringify(entries.map(outboxRecord))));
}

export interface BatchWrites {
  users: readonly StoredUser[];
  /** Each (user, session) at most once. */
  sessions: readonly SessionInsert[];
  events: readonly OutboxEntry[];
}

/** Bigint ids as Postgres prints them, in numeric order. */
const byIdOrder = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * A batch's users, nights and events in one statement (one round trip instead of three: on a busy
 * host each costs the service more CPU than the rows it carries). The sessions' foreign key to
 * users is checked at the end of the statement, when the users its first part inserted exist.
 * Resolves with the events' outbox ids, in the order of `writes.events`.
 */
export async function writeBatch(tx: Tx, writes: BatchWrites): Promise<string[]> {
  const parts: SQL[] = [];
  const slice = new TimeSlice();
  if (writes.users.length > 0)
    parts.push(upsertUsersFrom(await jsonArray(writes.users, userRecord, slice)));
  if (writes.sessions.length > 0)
    parts.push(upsertSessionsFrom(await jsonArray(writes.sessions, sessionRecord, slice)));
  const events = writes.events.length > 0;
  if (events)
    parts.push(
      sql`${insertOutboxFrom(await jsonArray(writes.events, outboxRecord, slice))} returning id::text as id`,
    );
  const last = parts.pop();
  if (!last) return [];
  const ctes = parts.map((part, i) => sql`${sql.raw(`w${i}`)} as (${part})`);
  const result = await tx.execute(
    ctes.length > 0 ? sql`with ${sql.join(ctes, sql`, `)} ${last}` : last,
  );
  if (!events) return [];
  // The ids are drawn in the order the rows are inserted, which `order by n` sets.
  return (result as unknown as { rows: { id: string }[] }).rows
    .map((row) => row.id)
    .sort(byIdOrder);
}
