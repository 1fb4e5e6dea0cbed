// Test helpers: throwaway databases on a real server, and a fast-starting embedded one.
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Server used to create test databases: TEST_PG_ADMIN_URL, else TEST_DATABASE_URL, else local. */
export function testAdminUrl(): string {
  return process.env['TEST_PG_ADMIN_URL'] ?? process.env['TEST_DATABASE_URL'] ?? DEFAULT_ADMIN_URL;
}

async function withAdmin<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** True when the admin server accepts a connection within `timeoutMs`. */
export async function pgAvailable(url = testAdminUrl(), timeoutMs = 1_000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates database `t_<prefix>_<random>` on the admin server: whole-database isolation, so
 * tests may create schemas, roles' objects and migrations freely, and `drop()` removes it all.
 */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const adminUrl = testAdminUrl();
  const safe = prefix
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40);
  const name = `t_${safe}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withAdmin(adminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

let template: Promise<Blob> | undefined;

/**
 * A freshly initialised PGlite cluster as a tarball, for `openDatabase({ embeddedSeed })`:
 * opening from it takes about a quarter of the time initdb does. Cached in the OS temp folder
 * across test files and runs, keyed by the PGlite version.
 */
export function embeddedTemplate(): Promise<Blob> {
  template ??= loadOrBuildTemplate();
  return template;
}

async function loadOrBuildTemplate(): Promise<Blob> {
  const pgliteRoot = join(dirname(require.resolve('@electric-sql/pglite')), '..');
  const { version } = JSON.parse(await readFile(join(pgliteRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const file = join(tmpdir(), `sleep-persistence-pglite-${version}.tar`);
  try {
    return new Blob([await readFile(file)], { type: 'application/x-tar' });
  } catch {
    const pg = await PGlite.create();
    const blob = await pg.dumpDataDir('none');
    await pg.close();
    // Written aside then renamed, so parallel jest workers never read half a file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await blob.arrayBuffer()));
    await rename(partial, file);
    return blob;
  }
}
