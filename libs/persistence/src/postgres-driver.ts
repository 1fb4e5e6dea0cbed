import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import type {
  Database,
  DatabaseHandle,
  OpenDatabaseOptions,
  QueryOptions,
  Transaction,
} from './database';

type Tables = Record<string, unknown>;

export async function openPostgres<TTables extends Tables>(
  url: string,
  options: OpenDatabaseOptions<TTables>,
): Promise<DatabaseHandle<TTables>> {
  const { schema, tables, logger } = options;
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout: 60_000,
    application_name: options.applicationName ?? `sleep-${schema}`,
    options: `-c search_path=${schema},public`,
  });
  // A connection losing its server (restart, failover, terminated backend) emits 'error'; with no
  // listener Node throws it and the process dies. The pool listens on idle clients only and drops
  // its listener while a client is checked out (a query, a transaction, withLock's client), so
  // every client gets one of its own for its whole life. The failed query still rejects, and the
  // pool discards the broken client when it is released.
  pool.on('error', (error) => logger?.warn(`postgres idle connection lost: ${error.message}`));
  pool.on('connect', (client) =>
    client.on('error', (error) => logger?.warn(`postgres connection lost: ${error.message}`)),
  );

  const db = drizzle({ client: pool, schema: tables });
  let closing: Promise<void> | undefined;

  return {
    db,
    kind: 'postgres',
    schema,
    async query<TRow>(text: string, params?: unknown[], options?: QueryOptions) {
      const result = options?.name
        ? await pool.query({ name: options.name, text, values: params })
        : await pool.query(text, params);
      return result.rows as TRow[];
    },
    transaction: <T>(fn: (tx: Transaction<TTables>) => Promise<T>) => db.transaction(fn),
    async withLock<T>(key: string, fn: (db: Database<TTables>) => Promise<T>) {
      const client = await pool.connect();
      try {
        // Migrations may rightly outlast the pool's statement timeout, and so may the wait.
        await client.query('set statement_timeout = 0');
        await client.query('select pg_advisory_lock(hashtext($1))', [key]);
        const locked = drizzle({ client, schema: tables });
        return await fn(locked);
      } finally {
        // Destroying the connection drops the lock and the session settings with it.
        client.release(true);
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}
