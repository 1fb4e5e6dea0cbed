import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@sleep/embedded-pg';
import { Client } from 'pg';
import { devDataDir, startDevDatabase, type DevDatabase } from './dev-database';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

const tenants = [
  { service: 'session-service', schema: 'sessions' },
  { service: 'gateway', schema: 'gateway' },
];

describe("npm start's database", () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'dev-database-'));
  // As root the server runs as the postgres user, which must reach the folder.
  chmodSync(stateDir, 0o755);
  let database: DevDatabase | undefined;

  afterAll(async () => {
    await database?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('creates one server with a role and schema per service, and reuses it on the next start', async () => {
    const port = await freePort();
    database = await startDevDatabase({ stateDir, port, tenants });
    expect(database.created).toBe(true);
    const sessionsUrl = database.urls['session-service'];
    await query(
      sessionsUrl,
      'create table sessions.kept (n int); insert into sessions.kept values (7)',
    );
    // A service's role sees its own schema only.
    await expect(query(database.urls['gateway'], 'select * from sessions.kept')).rejects.toThrow(
      /permission denied/,
    );
    const [who] = await query(
      sessionsUrl,
      'select current_user as role, current_schema() as schema',
    );
    expect(who).toEqual({ role: 'sleep_sessions', schema: 'sessions' });

    const pid = database.server.pid;
    await database.stop();
    expect(pid).toBeDefined();
    expect(() => process.kill(pid as number, 0)).toThrow();
    const initialisedAt = statSync(join(devDataDir(stateDir), 'PG_VERSION')).mtimeMs;

    database = await startDevDatabase({ stateDir, port, tenants });
    expect(database.created).toBe(false);
    expect(statSync(join(devDataDir(stateDir), 'PG_VERSION')).mtimeMs).toBe(initialisedAt);
    // The roles got new passwords: the old URL no longer works, the new one reads the kept row.
    await expect(query(sessionsUrl, 'select 1')).rejects.toThrow(/password/);
    expect(await query(database.urls['session-service'], 'select n from kept')).toEqual([{ n: 7 }]);
  }, 180_000);
});
