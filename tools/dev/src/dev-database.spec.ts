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

describe('where the cluster lives', () => {
  const asRoot = process.getuid?.() === 0;

  it('is STATE_DIR/postgres when every folder above is open to the postgres user', () => {
    const open = mkdtempSync(join(tmpdir(), 'dev-database-open-'));
    chmodSync(open, 0o755);
    expect(devDataDir(open)).toBe(join(open, 'postgres'));
    rmSync(open, { recursive: true, force: true });
  });

  (asRoot ? it : it.skip)(
    'moves out of a private folder as root, the same place for the same state folder',
    () => {
      const closed = mkdtempSync(join(tmpdir(), 'dev-database-closed-'));
      chmodSync(closed, 0o700);
      const state = join(closed, 'state');
      expect(devDataDir(state)).toMatch(/^\/var\/lib\/sleep-platform\/[0-9a-f]{12}\/postgres$/);
      expect(devDataDir(state)).toBe(devDataDir(state));
      expect(devDataDir(join(closed, 'other'))).not.toBe(devDataDir(state));
      rmSync(closed, { recursive: true, force: true });
    },
  );
});
