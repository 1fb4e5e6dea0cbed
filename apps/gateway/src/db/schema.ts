import type { ChangeData, ChangeType, OrgSettings, SealedSecret } from '@sleep/contracts';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

/** Everything gateway stores lives in its own schema (database per service). */
export const gatewaySchema = pgSchema('gateway');

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const tenants = gatewaySchema.table('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  defaultTimezone: text('default_timezone').notNull(),
  /** The Asleep key sealed under TENANT_KEK, the tenant id as associated data. */
  apiKeySealed: jsonb('api_key_sealed').$type<SealedSecret>().notNull(),
  /** Unique: one Asleep key authenticates one tenant's webhooks, never two tenants'. */
  apiKeySha256: text('api_key_sha256').notNull().unique(),
  previousKeySha256: text('previous_key_sha256'),
  previousKeyValidUntil: instant('previous_key_valid_until'),
  revision: integer('revision').notNull().default(1),
  /** active, disabled (by an operator) or deleting (its users being erased). */
  status: text('status', { enum: ['active', 'disabled', 'deleting'] })
    .notNull()
    .default('active'),
  statusReason: text('status_reason'),
  keyRotatedAt: instant('key_rotated_at').notNull().defaultNow(),
  createdAt: instant('created_at').notNull().defaultNow(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

export const appUsers = gatewaySchema.table(
  'app_users',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    appUserId: text('app_user_id').notNull(),
    asleepUserId: text('asleep_user_id').notNull().unique(),
    createdAt: instant('created_at').notNull().defaultNow(),
    /** Set once `sleep.users.v1` acknowledged the user; unannounced users are announced again. */
    announcedAt: instant('announced_at'),
    /** Tenant-defined `key:value` tags, published with the profile for tenant breakdowns. */
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'`),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.appUserId] })],
);

export const usageDaily = gatewaySchema.table(
  'usage_daily',
  {
    tenantId: text('tenant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    procedure: text('procedure').notNull(),
    calls: bigint('calls', { mode: 'number' }).notNull().default(0),
    errors: bigint('errors', { mode: 'number' }).notNull().default(0),
    totalMs: doublePrecision('total_ms').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.day, table.procedure] })],
);

/** Every version of every organisation's settings (the newest is in force). */
export const orgSettings = gatewaySchema.table(
  'org_settings',
  {
    tenantId: text('tenant_id').notNull(),
    version: integer('version').notNull(),
    settings: jsonb('settings').$type<OrgSettings>().notNull(),
    changedByKind: text('changed_by_kind', { enum: ['user', 'operator', 'service'] }).notNull(),
    changedById: text('changed_by_id').notNull(),
    changedAt: instant('changed_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.version] })],
);

/** Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (migration 0002). */
export const auditLog = gatewaySchema.table('audit_log', {
  id: bigserial('id', { mode: 'bigint' }).primaryKey(),
  at: instant('at').notNull().defaultNow(),
  tenantId: text('tenant_id'),
  actorKind: text('actor_kind', { enum: ['user', 'operator', 'service'] }).notNull(),
  actorId: text('actor_id').notNull(),
  action: text('action').notNull(),
  targetKind: text('target_kind').notNull(),
  targetId: text('target_id').notNull(),
  outcome: text('outcome', { enum: ['success', 'failure', 'denied'] }).notNull(),
  details: jsonb('details').$type<Record<string, unknown>>(),
});

/**
 * Per tenant: the next change-feed sequence number, locked by each writer so changes become
 * visible in their order (migration 0005); `epoch` tells this ledger's cursors from those of a
 * tenant deleted and created again; `swept_through` is the last number retention removed.
 */
export const changeSequences = gatewaySchema.table('change_sequences', {
  tenantId: text('tenant_id').primaryKey(),
  epoch: text('epoch').notNull(),
  nextSeq: bigint('next_seq', { mode: 'number' }).notNull().default(1),
  sweptThrough: bigint('swept_through', { mode: 'number' }).notNull().default(0),
});

/**
 * The change feed: every change to a tenant's data, in its order (`seq`), ids only; reports and
 * insights keep their body beside, for `analytics.live.*`.
 */
export const changeLedger = gatewaySchema.table(
  'change_ledger',
  {
    tenantId: text('tenant_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').$type<ChangeType>().notNull(),
    appUserId: text('app_user_id').notNull(),
    asleepUserId: text('asleep_user_id').notNull(),
    subjectId: text('subject_id').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    data: jsonb('data').$type<ChangeData>().notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /** The report or insight a `report.created` / `insight.created` announced; never in `data`. */
    body: jsonb('body').$type<Record<string, unknown>>(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.seq] }),
    unique('change_ledger_tenant_id_dedupe_key_unique').on(table.tenantId, table.dedupeKey),
    index('change_ledger_tenant_id_app_user_id_seq_idx').on(
      table.tenantId,
      table.appUserId,
      table.seq,
    ),
    index('change_ledger_asleep_user_id_idx').on(table.asleepUserId),
    index('change_ledger_recorded_at_idx').on(table.recordedAt),
  ],
);
