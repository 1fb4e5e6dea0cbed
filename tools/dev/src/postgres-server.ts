import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { Client } from 'pg';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts the machine's PostgreSQL cluster when it is installed but not running. */
function startLocalCluster(): void {
  const root = '/etc/postgresql';
  if (!existsSync(root)) return;
  for (const version of readdirSync(root)) {
    try {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
        stdio: 'ignore',
      });
    } catch {
      // already running, or not startable: the connection check below decides
    }
  }
}

export async function ensurePostgres(adminUrl: string): Promise<void> {
  if (await canConnect(adminUrl)) return;
  startLocalCluster();
  for (let attempt = 0; attempt < 30; attempt++) {
    if (await canConnect(adminUrl)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`PostgreSQL is not reachable at ${new URL(adminUrl).host}`);
}

/** A fresh database for one test run; returns its URL and how to drop it. */
export async function createRunDatabase(adminUrl: string, name: string) {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
