import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { openEmbedded } from './embedded-driver';
import { openPostgres } from './postgres-driver';

type Tables = Record<string, unknown>;

/** The drizzle instance both drivers produce; use it with drizzle's query builder. */
export type Database<TTables extends Tables = Record<string, never>> = PgDatabase<
  PgQueryResultHKT,
  TTables
>;

export type Transaction<TTables extends Tables = Record<string, never>> = PgTransaction<
  PgQueryResultHKT,
  TTables,
  ExtractTablesWithRelations<TTables>
>;

export interface DatabaseLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface OpenDatabaseOptions<TTables extends Tables = Record<string, never>> {
  /** DATABASE_URL; unset selects the embedded database. */
  url?: string;
  /** The service's Postgres schema: search_path, migrations table and advisory lock key. */
  schema: string;
  /** Where the embedded database persists; in memory when unset. */
  embeddedDir?: string;
  /** A PGlite `dumpDataDir()` tarball to start a new embedded database from, skipping initdb. */
  embeddedSeed?: Blob;
  /** Table and relation objects, for drizzle's relational `db.query` API. */
  tables?: TTables;
  poolSize?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
  logger?: DatabaseLogger;
}

export interface QueryOptions {
  /**
   * Runs the statement as a named prepared statement: each connection parses it once and then
   * only binds and executes it. One name must always go with one text. The embedded database
   * ignores it.
   */
  name?: string;
}

export interface DatabaseHandle<TTables extends Tables = Record<string, never>> {
  readonly db: Database<TTables>;
  readonly kind: 'postgres' | 'embedded';
  readonly schema: string;
  query<TRow = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<TRow[]>;
  /**
   * Inside `fn` use `tx` only: on PGlite a query through the handle waits for the transaction to
   * end (a deadlock), and on the server it would run outside the transaction.
   */
  transaction<T>(fn: (tx: Transaction<TTables>) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one connection while holding a session advisory lock named `key`, so only one
   * instance at a time does it (migrations, singleton jobs). Embedded: serialised in-process.
   */
  withLock<T>(key: string, fn: (db: Database<TTables>) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Accepts a handle of any table set, for code that only needs the common surface. */
export type AnyDatabaseHandle = DatabaseHandle<Record<string, unknown>>;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  // Interpolated into search_path and DDL, so only plain lower-case identifiers pass.
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid schema name "${schema}": use lower-case letters, digits and _`);
  }
}

export async function openDatabase<TTables extends Tables = Record<string, never>>(
  options: OpenDatabaseOptions<TTables>,
): Promise<DatabaseHandle<TTables>> {
  assertSchemaName(options.schema);
  return options.url ? openPostgres(options.url, options) : openEmbedded(options);
}
