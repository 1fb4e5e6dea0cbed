import type { Stat } from '@sleep/contracts';
import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Everything analytics-service stores lives in its own schema (database per service). */
export const analyticsSchema = pgSchema('analytics');

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One row per session (COMPLETE nights only), at the session's latest version. Every column is a
 * function of the session events and the user's other facts, so a rebuild reproduces it exactly.
 */
export const nightlyFacts = analyticsSchema.table(
  'nightly_facts',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    sessionId: text('session_id').notNull(),
    version: integer('version').notNull(),
    startAt: instant('start_at').notNull(),
    endAt: instant('end_at').notNull(),
    createdTimezone: text('created_timezone'),
    /** The zone the dates below were derived in: `created_timezone`, else UTC. */
    zone: text('zone').notNull(),
    peculiarities: text('peculiarities')
      .array()
      .notNull()
      .default(sql`'{}'`),
    missingDataRatio: doublePrecision('missing_data_ratio'),
    /** Asleep's stat as received (datetimes in UTC); null for statless nights. */
    stat: jsonb('stat').$type<Stat>(),
    /**
     * The stat's values without keys, for A1: a json array in the order of `A1_STAT_KEYS`, or a
     * stat of other keys whole; written with the stat as `a1StatOf(stat)` (migration 0015).
     */
    a1Stat: json('a1_stat').$type<readonly unknown[] | Stat>(),
    /** A stat exists and NEVER_SLEPT is absent: counts as slept, not only tracked. */
    slept: boolean('slept').notNull(),
    /** One byte per 30 s epoch, stage + 1 (so -1..3 is 0..4). */
    sleepStages: bytea('sleep_stages'),
    /** Local date of the start instant: Asleep's own bucketing, kept for the A1 drop-in. */
    startDate: date('start_date', { mode: 'string' }).notNull(),
    /** Local date of the end instant (analytics.md section 2). */
    sleepDay: date('sleep_day', { mode: 'string' }).notNull(),
    isNap: boolean('is_nap').notNull(),
    isMainSleep: boolean('is_main_sleep').notNull().default(false),
    score: smallint('score'),
    scoreVersion: text('score_version'),
    /**
     * The score's contributors as numbers, or why there is no score (`StoredScoreDetail`,
     * migration 0014); the explanations are rendered at read time.
     */
    scoreDetail: jsonb('score_detail'),
  },
  (t) => [
    primaryKey({ name: 'nightly_facts_pkey', columns: [t.tenantId, t.userId, t.sessionId] }),
    index('nightly_facts_user_day_idx').on(t.tenantId, t.userId, t.sleepDay),
    // INCLUDEs every column A1 reads (migration 0011): its read is an index-only scan.
    index('nightly_facts_user_start_idx').on(t.tenantId, t.userId, t.startDate),
  ],
);

/** Deleted sessions with the version of the deletion: an older event must not bring them back. */
export const deletedSessions = analyticsSchema.table(
  'deleted_sessions',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    sessionId: text('session_id').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [
    primaryKey({ name: 'deleted_sessions_pkey', columns: [t.tenantId, t.userId, t.sessionId] }),
  ],
);

/** What age bands and gender groups need from a user's profile. */
export const userProfiles = analyticsSchema.table(
  'user_profiles',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    birthYear: integer('birth_year'),
    gender: text('gender'),
    /** Tenant-defined `key:value` tags, one value per key (tenant breakdowns). */
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'`),
  },
  (t) => [primaryKey({ name: 'user_profiles_pkey', columns: [t.tenantId, t.userId] })],
);

/** Users deleted upstream: a late event about them is ignored. */
export const deletedUsers = analyticsSchema.table(
  'deleted_users',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
  },
  (t) => [primaryKey({ name: 'deleted_users_pkey', columns: [t.tenantId, t.userId] })],
);

/** Per-tenant analytics settings; absent means the defaults. */
export const tenantSettings = analyticsSchema.table('tenant_settings', {
  tenantId: text('tenant_id').primaryKey(),
  /** Score weights by contributor name, summing to 100. */
  scoreWeights: jsonb('score_weights').$type<Record<string, number>>(),
  /** `end-date` or `noon-anchor`; null: end date. */
  sleepDayRule: text('sleep_day_rule'),
  /** Replaces each night's own zone; null: the night's `created_timezone`. */
  zoneOverride: text('zone_override'),
  /** ISO weekdays counted as free days for the chronotype; null: Saturday and Sunday. */
  freeDays: smallint('free_days').array(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
  /**
   * A change of the sleep-day rule, zone or weights asks for the tenant's stored nights and
   * rollups to be recomputed; done once `recomputedAt` reaches it (durable across restarts).
   */
  recomputeRequestedAt: instant('recompute_requested_at'),
  recomputedAt: instant('recomputed_at'),
});

/** Nights skipped because their facts were incomplete, with why (for operators). */
export const skippedNights = analyticsSchema.table(
  'skipped_nights',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    sessionId: text('session_id').notNull(),
    version: integer('version').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [
    primaryKey({ name: 'skipped_nights_pkey', columns: [t.tenantId, t.userId, t.sessionId] }),
  ],
);

/** Weekly and monthly reports per user; `body` is the report as served. */
export const reports = analyticsSchema.table(
  'reports',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: ['week', 'month'] }).notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    zone: text('zone').notNull(),
    body: jsonb('body').notNull(),
    /** The report's SRI, kept by the database from `body` (tenant statistics read it per week). */
    sri: doublePrecision('sri').generatedAlwaysAs(sql`(body->>'sri')::double precision`),
  },
  (t) => [
    primaryKey({ name: 'reports_pkey', columns: [t.tenantId, t.userId, t.kind, t.periodStart] }),
    index('reports_tenant_period_idx').on(t.tenantId, t.kind, t.periodStart),
  ],
);

/**
 * Every session this service heard of (progress or completion on `sleep.sessions.v1`), for
 * tracking completeness: `day` is the night's sleep day (`sleepDayOfStarted` before its end is
 * known), so starts and nights of one night share a day. Not a
 * projection of completed nights only, so a rebuild keeps it (and refreshes the completed ones).
 */
export const sessionStarts = analyticsSchema.table(
  'session_starts',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    sessionId: text('session_id').notNull(),
    version: integer('version').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    completed: boolean('completed').notNull(),
    /** The night's start; null for rows older than the completeness SLO and nights only rebuilt. */
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'string' }),
    /** `startedAt` + the completeness deadline in force when the night was first heard of. */
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'string' }),
    /** When the first `sleep.session.completed` of the night was announced. */
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    primaryKey({ name: 'session_starts_pkey', columns: [t.tenantId, t.userId, t.sessionId] }),
    // The completeness metrics read the nights due in a trailing window.
    index('session_starts_due_idx').on(t.dueAt),
  ],
);

/**
 * The rollup tenant statistics read: one row per (tenant, day, user) with anything on that day.
 * By sleep day: `nights` (non-nap) and the main sleep's values (only when it was slept), and
 * `started` / `completed`, the sessions of `session_starts` on that day.
 * Recomputed from facts and starts for every changed user from the earliest changed day on.
 */
export const orgUserDays = analyticsSchema.table(
  'org_user_days',
  {
    tenantId: text('tenant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    userId: text('user_id').notNull(),
    nights: smallint('nights').notNull(),
    started: smallint('started').notNull(),
    completed: smallint('completed').notNull(),
    score: smallint('score'),
    timeInSleep: integer('time_in_sleep'),
    efficiency: doublePrecision('efficiency'),
    latency: integer('latency'),
    /** Completeness SLO: starts completed by their due time, completed after it (recovered). */
    completedOnTime: smallint('completed_on_time').notNull().default(0),
    completedLate: smallint('completed_late').notNull().default(0),
    /** Starts with a due time and no completion yet, and the latest of their due times. */
    open: smallint('open').notNull().default(0),
    openDueAt: timestamp('open_due_at', { withTimezone: true, mode: 'string' }),
    /** `org_atom` of the user's profile; a profile change moves the rows (trigger). */
    atom: text('atom').notNull(),
  },
  (t) => [
    primaryKey({ name: 'org_user_days_pkey', columns: [t.tenantId, t.day, t.userId] }),
    // The refresh replaces a user's rows from a day on.
    index('org_user_days_user_idx').on(t.tenantId, t.userId, t.day),
  ],
);

/*
 * Rollups of `org_user_days` per atom, kept by its statement triggers (migration 0007): what a
 * tenant statistic reads instead of every user's days.
 */

/** Per atom and sleep day: users with a row, and the sums of their counts. */
export const orgAtomDays = analyticsSchema.table(
  'org_atom_days',
  {
    tenantId: text('tenant_id').notNull(),
    atom: text('atom').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    users: integer('users').notNull(),
    nights: integer('nights').notNull(),
    started: integer('started').notNull(),
    completed: integer('completed').notNull(),
    completedOnTime: integer('completed_on_time').notNull(),
    completedLate: integer('completed_late').notNull(),
  },
  (t) => [primaryKey({ name: 'org_atom_days_pkey', columns: [t.tenantId, t.day, t.atom] })],
);

/** Per atom, metric, value and month: `running[d + 1]`, user-days with the value up to day d. */
export const orgAtomValues = analyticsSchema.table(
  'org_atom_values',
  {
    tenantId: text('tenant_id').notNull(),
    atom: text('atom').notNull(),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    running: integer('running').array().notNull(),
  },
  (t) => [
    primaryKey({
      name: 'org_atom_values_pkey',
      columns: [t.tenantId, t.month, t.atom, t.metric, t.value],
    }),
  ],
);

/** The user-days with open starts (`open` > 0 in `org_user_days`): missing or pending at read. */
export const orgOpenDays = analyticsSchema.table(
  'org_open_days',
  {
    tenantId: text('tenant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    userId: text('user_id').notNull(),
    atom: text('atom').notNull(),
    open: smallint('open').notNull(),
    openDueAt: timestamp('open_due_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [primaryKey({ name: 'org_open_days_pkey', columns: [t.tenantId, t.day, t.userId] })],
);

/** Per user and month: bit d-1 set for a row on day d (`days`), for a night (`active_days`). */
export const orgUserMonths = analyticsSchema.table(
  'org_user_months',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    atom: text('atom').notNull(),
    days: integer('days').notNull(),
    activeDays: integer('active_days').notNull(),
  },
  (t) => [primaryKey({ name: 'org_user_months_pkey', columns: [t.tenantId, t.month, t.userId] })],
);

/** Insights per user; `id` is rule + user + period, so producing one twice changes nothing. */
export const insights = analyticsSchema.table(
  'insights',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    rule: text('rule').notNull(),
    sleepDay: date('sleep_day', { mode: 'string' }).notNull(),
    body: jsonb('body').notNull(),
  },
  (t) => [index('insights_user_idx').on(t.tenantId, t.userId, t.sleepDay)],
);

/**
 * Tenants whose data was removed here (`removeTenant`): events that occurred before the deletion
 * (late deliveries, the compacted profiles read again from the beginning) are dropped. Only the
 * id and the time are kept; a tenant created again under the same id later is not affected.
 */
export const deletedTenants = analyticsSchema.table('deleted_tenants', {
  tenantId: text('tenant_id').primaryKey(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'string' }).notNull(),
});

export const analyticsTables = {
  nightlyFacts,
  deletedSessions,
  userProfiles,
  deletedUsers,
  tenantSettings,
  skippedNights,
  reports,
  insights,
  sessionStarts,
  orgUserDays,
  deletedTenants,
};

export type AnalyticsTables = typeof analyticsTables;
