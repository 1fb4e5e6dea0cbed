import { createServer, type Server, type Socket } from 'node:net';
import { checkDatabase } from './check-database';
import { openDatabase, type DatabaseHandle } from './database';
import { testAdminUrl } from './testing';

function urlOn(port: number, database = 'postgres'): string {
  const url = new URL(testAdminUrl());
  url.port = String(port);
  url.pathname = `/${database}`;
  return url.toString();
}

async function timed(check: Promise<boolean>) {
  const started = Date.now();
  return { healthy: await check, ms: Date.now() - started };
}

describe('checkDatabase', () => {
  const handles: DatabaseHandle[] = [];
  const open = async (url: string) => {
    const handle = await openDatabase({ url, schema: 'demo' });
    handles.push(handle);
    return handle;
  };

  afterAll(() => Promise.all(handles.map((h) => h.close())));

  it('is false at once when nothing listens', async () => {
    const silentPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const result = await timed(checkDatabase(await open(urlOn(silentPort)), 2000));
    expect(result.healthy).toBe(false);
    expect(result.ms).toBeLessThan(1500);
  });

  it('is false for a database that does not exist', async () => {
    const url = new URL(testAdminUrl());
    url.pathname = '/no_such_database_here';
    expect(await checkDatabase(await open(url.toString()), 1000)).toBe(false);
  });

  it('gives up after the timeout when the server never answers', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const result = await timed(checkDatabase(await open(urlOn(port)), 300));
      expect(result.healthy).toBe(false);
      expect(result.ms).toBeGreaterThanOrEqual(290);
      // Far below pg's own 5 s connect timeout; the slack absorbs a loaded machine.
      expect(result.ms).toBeLessThan(3000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
