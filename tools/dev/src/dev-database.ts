// The database of `npm start` when no DATABASE_URL is given: one real PostgreSQL server under
// STATE_DIR, shared by the services, each with its own role and schema.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '@sleep/embedded-pg';
import { Client } from 'pg';

export const DEV_DATABASE = 'sleep';
export const DEFAULT_DEV_POSTGRES_PORT = 54320;

/** A service that stores something, and the schema it owns. */
export interface DatabaseTenant {
  service: string;
  schema: string;
}

export interface DevDatabase {
  server: EmbeddedPostgresServer;
  /** Whether this start created the cluster (initdb) rather than reusing the folder's. */
  created: boolean;
  /** DATABASE_URL per service name, connecting as the service's own role. */
  urls: Record<string, string>;
  stop(): Promise<void>;
}

/** The services that have a database, and their schemas (webhook-ingest stores none). */
export const DATABASE_TENANTS: readonly DatabaseTenant[] = [
  { service: 'gateway', schema: 'gateway' },
  { service: 'session-service', schema: 'sessions' },
  { service: 'analytics-service', schema: 'analytics' },
];

/**
 * `stateDir/postgres`, unless this runs as root and a folder above it is closed to others (a home
 * folder such as /root is 0700): PostgreSQL then runs as the postgres user, who could not enter it,
 * so the cluster lives under /var/lib/sleep-platform instead, one folder per state folder.
 */
export function devDataDir(stateDir: string): string {
  const preferred = join(stateDir, 'postgres');
  if (process.getuid?.() !== 0 || openToOthers(stateDir)) return preferred;
  const id = createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 12);
  return join('/var/lib/sleep-platform', id, 'postgres');
}

function openToOthers(dir: string): boolean {
  for (let current = resolve(dir); ; current = dirname(current)) {
    // Folders still to be made get the usual 0755.
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    if (dirname(current) === current) return true;
  }
}
export const roleOf = (schema: string) => `sleep_${schema}`;

/**
 * Starts the server on `stateDir/postgres` (initdb on first use only), then makes sure the
 * database, each service's role and its schema exist. Every start gives each role a fresh
 * password, so no password is ever stored.
 */
export async function startDevDatabase(options: {
  stateDir: string;
  port: number;
  tenants: readonly DatabaseTenant[];
  log?: (line: string) => void;
}): Promise<DevDatabase> {
  const dataDir = devDataDir(options.stateDir);
  const created = !existsSync(join(dataDir, 'PG_VERSION'));
  const server = await startEmbeddedPostgres({ dataDir, port: options.port, log: options.log });
  try {
    const urls = await ensureRolesAndSchemas(server, options.tenants);
    return { server, created, urls, stop: () => server.stop('fast') };
  } catch (error) {
    await server.stop('fast');
    throw error;
  }
}

async function ensureRolesAndSchemas(
  server: EmbeddedPostgresServer,
  tenants: readonly DatabaseTenant[],
): Promise<Record<string, string>> {
  await withClient(server.url(), async (admin) => {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [
      DEV_DATABASE,
    ]);
    if (!rowCount) await admin.query(`create database ${DEV_DATABASE}`);
  });
  const urls: Record<string, string> = {};
  await withClient(server.url(DEV_DATABASE), async (admin) => {
    for (const { service, schema } of tenants) {
      const role = roleOf(schema);
      const password = randomBytes(18).toString('base64url');
      const exists = await admin.query('select 1 from pg_roles where rolname = $1', [role]);
      // Identifiers come from our own service list; the password is a literal, so escape it.
      const verb = exists.rowCount ? 'alter' : 'create';
      await admin.query(`${verb} role ${role} login password ${admin.escapeLiteral(password)}`);
      await admin.query(`create schema if not exists ${schema} authorization ${role}`);
      // CREATE because migrations run `create schema if not exists`, which checks it even when
      // the schema is there; other schemas stay closed to the role.
      await admin.query(`grant connect, create on database ${DEV_DATABASE} to ${role}`);
      await admin.query(`alter role ${role} set search_path to ${schema}`);
      urls[service] = `postgres://${role}:${password}@127.0.0.1:${server.port}/${DEV_DATABASE}`;
    }
  });
  return urls;
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
