import type { Stat, UserMetadata } from '@sleep/contracts';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Everything session-service stores lives in its own schema (database per service). */
export const sessionsSchema = pgSchema('sessions');

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = sessionsSchema.table('users', {
  userId: text('user_id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  /** Null until `sleep.users.v1` tells it. */
  metadata: jsonb('metadata').$type<UserMetadata | null>(),
  firstSeenAt: instant('first_seen_at').notNull(),
  lastSeenAt: instant('last_seen_at').notNull(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

export const sessions = sessionsSchema.table(
  'sessions',
  {
    userId: text('user_id').notNull(),
    sessionId: text('session_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    state: text('state', { enum: ['OPEN', 'CLOSED', 'COMPLETE'] }).notNull(),
    startTime: instant('start_time').notNull(),
    endTime: instant('end_time'),
    unexpectedEndTime: instant('unexpected_end_time'),
    createdTimezone: text('created_timezone'),
    /** One byte per 30 s epoch; see epoch-codec.ts. */
    sleepStages: bytea('sleep_stages'),
    snoringStages: bytea('snoring_stages'),
    breathStages: bytea('breath_stages'),
    /** Merged real-time windows as (inference_seq_num, from, to) triples; empty once COMPLETE. */
    windows: integer('windows')
      .array()
      .notNull()
      .default(sql`'{}'`),
    peculiarities: text('peculiarities')
      .array()
      .notNull()
      .default(sql`'{}'`),
    missingDataRatio: doublePrecision('missing_data_ratio'),
    /** Asleep's stat as received, datetimes in UTC. */
    stat: jsonb('stat').$type<Stat>(),
    lastSeqNum: integer('last_seq_num'),
    version: integer('version').notNull(),
    /** When an unfinished night is next fetched from the API if no webhook moved it. */
    recoveryDueAt: instant('recovery_due_at'),
    recoveryAttempts: integer('recovery_attempts').notNull().default(0),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    completedAt: instant('completed_at'),
  },
  (t) => [
    primaryKey({ name: 'sessions_pkey', columns: [t.userId, t.sessionId] }),
    foreignKey({ name: 'sessions_user_fk', columns: [t.userId], foreignColumns: [users.userId] }),
    check('sessions_state_check', sql`${t.state} in ('OPEN', 'CLOSED', 'COMPLETE')`),
    // S2: one user's nights by start, both orders, paged.
    index('sessions_user_start_idx').on(t.userId, t.startTime, t.sessionId),
    // Recovery: unfinished nights by due time; COMPLETE ones (nearly all) stay out of the index.
    index('sessions_recovery_due_idx')
      .on(t.recoveryDueAt)
      .where(sql`${t.state} <> 'COMPLETE'`),
  ],
);

/** Users deleted through `sleep.users.v1`: a late webhook must not bring them back. */
export const deletedUsers = sessionsSchema.table('deleted_users', {
  userId: text('user_id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  deletedAt: instant('deleted_at').notNull().defaultNow(),
});

/** Sessions deleted on request: a late or duplicate webhook must not bring them back. */
export const deletedSessions = sessionsSchema.table(
  'deleted_sessions',
  {
    userId: text('user_id').notNull(),
    sessionId: text('session_id').notNull(),
    deletedAt: instant('deleted_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'deleted_sessions_pkey', columns: [t.userId, t.sessionId] })],
);

/** Events written with the change that caused them, published by the relay (transactional outbox). */
export const outbox = sessionsSchema.table(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    key: text('key').notNull(),
    eventId: text('event_id').notNull(),
    /** The envelope as published, JSON. */
    value: text('value').notNull(),
    /** The W3C `traceparent` of the change that wrote it, when tracing was on: the relay continues it. */
    traceParent: text('trace_parent'),
    createdAt: instant('created_at').notNull().defaultNow(),
    publishedAt: instant('published_at'),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.id)
      .where(sql`${t.publishedAt} is null`),
    // The relay's per-key order check: is an older event of this key still unpublished?
    index('outbox_pending_key_idx')
      .on(t.key, t.id)
      .where(sql`${t.publishedAt} is null`),
    index('outbox_published_idx')
      .on(t.publishedAt)
      .where(sql`${t.publishedAt} is not null`),
  ],
);

/** Backfill commands and how far each got, so an import resumes where it stopped. */
export const backfillJobs = sessionsSchema.table(
  'backfill_jobs',
  {
    commandId: text('command_id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    dateFrom: date('date_from', { mode: 'string' }).notNull(),
    dateTo: date('date_to', { mode: 'string' }).notNull(),
    timezone: text('timezone').notNull(),
    status: text('status', { enum: ['PENDING', 'RUNNING', 'DONE', 'FAILED'] }).notNull(),
    /** S2 offset of the next page to import. */
    nextOffset: integer('next_offset').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    leaseUntil: instant('lease_until'),
    error: text('error'),
    requestedAt: instant('requested_at').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    finishedAt: instant('finished_at'),
  },
  (t) => [
    check(
      'backfill_jobs_status_check',
      sql`${t.status} in ('PENDING', 'RUNNING', 'DONE', 'FAILED')`,
    ),
    index('backfill_jobs_open_idx')
      .on(t.requestedAt)
      .where(sql`${t.status} in ('PENDING', 'RUNNING')`),
  ],
);

export const tables = { users, sessions, deletedUsers, deletedSessions, outbox, backfillJobs };
