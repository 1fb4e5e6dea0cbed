import { sql } from 'drizzle-orm';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type { AnyDatabaseHandle, Database } from './database';

export const MIGRATIONS_TABLE = '__migrations';

export interface MigrateOptions {
  /** A drizzle-kit output folder: `NNNN_name.sql` files and `meta/_journal.json`. */
  migrationsFolder: string;
}

export interface MigrateResult {
  applied: number;
  total: number;
}

// drizzle-kit writes `CREATE SCHEMA "x";` and will not add IF NOT EXISTS, while the migrator itself
// creates the migrations schema (the service schema) first; without this the first migration fails.
const CREATE_SCHEMA = /^(\s*)CREATE SCHEMA (?!IF NOT EXISTS)/i;

function toleratePrecreatedSchema(migration: MigrationMeta): MigrationMeta {
  return {
    ...migration,
    sql: migration.sql.map((s) => s.replace(CREATE_SCHEMA, '$1CREATE SCHEMA IF NOT EXISTS ')),
  };
}

/**
 * Applies the folder's pending migrations in order, recording them in `<schema>.__migrations`.
 * Idempotent; concurrent callers on one server wait on an advisory lock and apply nothing twice.
 */
export async function migrateDatabase(
  handle: AnyDatabaseHandle,
  { migrationsFolder }: MigrateOptions,
): Promise<MigrateResult> {
  const migrations = readMigrationFiles({ migrationsFolder }).map(toleratePrecreatedSchema);
  const { schema } = handle;
  return handle.withLock(`persistence:migrate:${schema}`, async (db) => {
    await db.execute(sql`create schema if not exists ${sql.identifier(schema)}`);
    const before = await countApplied(db, schema);
    // Same call as drizzle's migrate(), fed the adjusted statements.
    const { dialect } = db as unknown as { dialect: PgDialect };
    await dialect.migrate(migrations, db._.session, {
      migrationsFolder,
      migrationsSchema: schema,
      migrationsTable: MIGRATIONS_TABLE,
    });
    const total = await countApplied(db, schema);
    return { applied: total - before, total };
  });
}

async function countApplied(
  db: Database<Record<string, unknown>>,
  schema: string,
): Promise<number> {
  const table = `${schema}.${MIGRATIONS_TABLE}`;
  const [found] = rowsOf<{ t: string | null }>(
    await db.execute(sql`select to_regclass(${table})::text as t`),
  );
  if (!found?.t) return 0;
  const [counted] = rowsOf<{ n: string }>(
    await db.execute(
      sql`select count(*) as n from ${sql.identifier(schema)}.${sql.identifier(MIGRATIONS_TABLE)}`,
    ),
  );
  return Number(counted?.n ?? 0);
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
