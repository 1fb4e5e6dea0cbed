import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from './embedded-pg-server';

async function count(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('select count(*)::int as n from kept');
    return (rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
}

describe('an embedded PostgreSQL server', () => {
  const root = mkdtempSync(join(tmpdir(), 'embedded-pg-'));
  // As root the server runs as the postgres user, which must reach its folder.
  chmodSync(root, 0o755);
  let server: EmbeddedPostgresServer | undefined;

  afterAll(async () => {
    await server?.stop('immediate');
    rmSync(root, { recursive: true, force: true });
  });

  it('starts, stops in immediate mode and starts again on the same folder with its data', async () => {
    server = await startEmbeddedPostgres({ dataDir: join(root, 'data'), port: await freePort() });
    await server.createDatabase('app');
    const client = new Client({ connectionString: server.url('app') });
    client.on('error', () => undefined);
    await client.connect();
    await client.query('create table kept (n int); insert into kept values (1), (2)');

    const pid = server.pid;
    await server.stop('immediate');
    expect(() => process.kill(pid!, 0)).toThrow();
    await expect(client.query('select 1')).rejects.toThrow();
    await client.end().catch(() => undefined);

    await server.start();
    expect(server.pid).not.toBe(pid);
    expect(await count(server.url('app'))).toBe(2);
  }, 180_000);
});
