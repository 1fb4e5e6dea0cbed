import { TimeSlice } from '../common/time-slice';
import type { Transaction } from '@sleep/persistence';
import { type SQL, sql } from 'drizzle-orm';
import type { SessionInsert } from './session-row.mapper';
import type { OutboxEntry, StoredUser } from './session.repository';

/**
 * A batch's rows go to Postgres as one JSON parameter, unpacked by `jsonb_to_recordset`: building
 * a multi-row VALUES list with the query builder costs more CPU than everything else a webhook
 * needs (one bound parameter per cell, ~20 cells per night), and the statement text stays the
 * same whatever the batch size. The bulky values stay out of the JSON, which both sides would
 * escape and scan character by character: the nights' timelines travel as one binary parameter
 * (the rows hold their offsets into it), the events' texts as one text parameter, separated by a
 * character JSON text never holds unescaped.
 */
type Tx = Transaction;

/** The timelines of a batch's nights in one buffer; each row keeps where its own are. */
class TimelineBytes {
  private readonly parts: Buffer[] = [];
  private length = 0;

  /** `[offset, length]` of these bytes in the buffer, or null for a timeline not sent. */
  add(bytes: Uint8Array | null | undefined): [number, number] | null {
    if (!bytes) return null;
    const at = this.length;
    this.parts.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.length += bytes.byteLength;
    return [at, bytes.byteLength];
  }

  buffer(): Buffer {
    return Buffer.concat(this.parts, this.length);
  }
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/**
 * `iso` remembering its answers for one batch: its rows share the batch's clock and recovery
 * time (the same Date objects), three of each night's six instants.
 */
class BatchInstants {
  private readonly texts = new Map<Date, string>();

  iso(date: Date | null | undefined): string | null {
    if (!date) return null;
    let text = this.texts.get(date);
    if (text === undefined) {
      text = date.toISOString();
      this.texts.set(date, text);
    }
    return text;
  }
}

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

function sessionRecord(row: SessionInsert, timelines: TimelineBytes, instants: BatchInstants) {
  return {
    user_id: row.userId,
    session_id: row.sessionId,
    tenant_id: row.tenantId,
    state: row.state,
    start_time: iso(row.startTime),
    end_time: iso(row.endTime),
    unexpected_end_time: iso(row.unexpectedEndTime),
    created_timezone: row.createdTimezone ?? null,
    sleep_stages: timelines.add(row.sleepStages),
    snoring_stages: timelines.add(row.snoringStages),
    breath_stages: timelines.add(row.breathStages),
    windows: row.windows ?? [],
    peculiarities: row.peculiarities ?? [],
    missing_data_ratio: row.missingDataRatio ?? null,
    stat: row.stat ?? null,
    last_seq_num: row.lastSeqNum ?? null,
    version: row.version,
    recovery_due_at: instants.iso(row.recoveryDueAt),
    recovery_attempts: row.recoveryAttempts ?? 0,
    updated_at: instants.iso(row.updatedAt ?? new Date()),
    completed_at: instants.iso(row.completedAt),
  };
}

const INSERT_SESSIONS = sql.raw(`
  insert into sessions (user_id, session_id, tenant_id, state, start_time, end_time,
    unexpected_end_time, created_timezone, sleep_stages, snoring_stages, breath_stages, windows,
    peculiarities, missing_data_ratio, stat, last_seq_num, version, recovery_due_at,
    recovery_attempts, updated_at, completed_at)
  select user_id, session_id, tenant_id, state, start_time, end_time, unexpected_end_time,
    created_timezone, substring(t.bytes from (sleep_stages->>0)::int + 1 for (sleep_stages->>1)::int),
    substring(t.bytes from (snoring_stages->>0)::int + 1 for (snoring_stages->>1)::int),
    substring(t.bytes from (breath_stages->>0)::int + 1 for (breath_stages->>1)::int),
    windows, peculiarities, missing_data_ratio, stat, last_seq_num,
    version, recovery_due_at, recovery_attempts, updated_at, completed_at`);

const SESSION_RECORD = sql.raw(`r(user_id text, session_id text, tenant_id text,
    state text, start_time timestamptz, end_time timestamptz, unexpected_end_time timestamptz,
    created_timezone text, sleep_stages jsonb, snoring_stages jsonb, breath_stages jsonb,
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

/**
 * Inserts or replaces whole nights; each (user, session) at most once per call. A timeline is
 * `[offset, length]` in `timelines`, or null.
 */
const upsertSessionsFrom = (records: string, timelines: Buffer) =>
  sql`${INSERT_SESSIONS} from jsonb_to_recordset(${records}::jsonb) as ${SESSION_RECORD}
    cross join (select ${timelines}::bytea as bytes) as t ${REPLACE_SESSIONS}`;

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

/** Between events' texts: JSON text escapes every control character, so never holds this one. */
const SEPARATOR = '\u001e';

/** Events in the given order: their ids (the relay's publishing order) follow it. */
const outboxRecord = (entry: OutboxEntry) => [
  entry.topic,
  entry.key,
  entry.eventId,
  entry.traceParent ?? null,
];

/** The events' values, in order; their metadata is `records` (`outboxRecord`). */
function insertOutboxFrom(records: string, values: string) {
  return sql`
    insert into outbox (topic, key, event_id, value, trace_parent)
    select e->>0, e->>1, e->>2, v.value, e->>3
    from jsonb_array_elements(${records}::jsonb) with ordinality as r(e, n)
    join string_to_table(${values}::text, chr(30)) with ordinality as v(value, n) using (n)
    order by n`;
}

/** Values with the separator in them (not JSON from this service) go inside the JSON instead. */
function insertOutboxInJson(entries: readonly OutboxEntry[]) {
  const records = entries.map((entry) => [...outboxRecord(entry), entry.value]);
  return sql`
    insert into outbox (topic, key, event_id, value, trace_parent)
    select e->>0, e->>1, e->>2, e->>4, e->>3
    from jsonb_array_elements(${JSON.stringify(records)}::jsonb) with ordinality as r(e, n)
    order by n`;
}

async function insertOutboxStatement(
  entries: readonly OutboxEntry[],
  slice: TimeSlice,
): Promise<SQL> {
  const values = entries.map((entry) => entry.value);
  if (values.some((value) => value.includes(SEPARATOR))) return insertOutboxInJson(entries);
  return insertOutboxFrom(await jsonArray(entries, outboxRecord, slice), values.join(SEPARATOR));
}

/** Appends events in the given order: their ids (the relay's publishing order) follow it. */
export async function insertOutboxRows(tx: Tx, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length > 0) await tx.execute(await insertOutboxStatement(entries, new TimeSlice()));
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
  if (writes.sessions.length > 0) {
    const timelines = new TimelineBytes();
    const instants = new BatchInstants();
    const records = await jsonArray(
      writes.sessions,
      (row) => sessionRecord(row, timelines, instants),
      slice,
    );
    parts.push(upsertSessionsFrom(records, timelines.buffer()));
  }
  const events = writes.events.length > 0;
  if (events)
    parts.push(sql`${await insertOutboxStatement(writes.events, slice)} returning id::text as id`);
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
