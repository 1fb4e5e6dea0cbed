import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import type { Database, DatabaseHandle, OpenDatabaseOptions, Transaction } from './database';

type Tables = Record<string, unknown>;

export async function openEmbedded<TTables extends Tables>(
  options: OpenDatabaseOptions<TTables>,
): Promise<DatabaseHandle<TTables>> {
  const { schema, embeddedDir, embeddedSeed, tables, logger } = options;
  if (embeddedDir) {
    await mkdir(embeddedDir, { recursive: true });
  } else {
    logger?.warn('no DATABASE_URL and no embedded folder: in-memory database, lost on exit');
  }
  // PGlite refuses a seed over an existing cluster, and needs none there.
  const fresh = !embeddedDir || !existsSync(join(embeddedDir, 'PG_VERSION'));
  const client = await PGlite.create({
    ...(embeddedDir ? { dataDir: embeddedDir } : {}),
    ...(embeddedSeed && fresh ? { loadDataDir: embeddedSeed } : {}),
  });
  // PGlite is a single session, so this holds for every later query.
  await client.exec(`set search_path to ${schema}, public`);

  const db = drizzle({ client, schema: tables });
  let queue: Promise<unknown> = Promise.resolve();
  let closing: Promise<void> | undefined;

  return {
    db,
    kind: 'embedded',
    schema,
    async query<TRow>(text: string, params?: unknown[]) {
      return (await client.query<TRow>(text, params)).rows;
    },
    transaction: <T>(fn: (tx: Transaction<TTables>) => Promise<T>) => db.transaction(fn),
    withLock<T>(_key: string, fn: (db: Database<TTables>) => Promise<T>) {
      const run = queue.then(() => fn(db));
      queue = run.catch(() => undefined);
      return run;
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    close() {
      closing ??= client.closed ? Promise.resolve() : client.close();
      return closing;
    },
  };
}
