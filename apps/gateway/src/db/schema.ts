import type { SealedSecret } from '@sleep/contracts';
import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
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
