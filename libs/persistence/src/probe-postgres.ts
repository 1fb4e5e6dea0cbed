import { Client } from 'pg';

/**
 * Connects once and runs `select 1`; resolves when the server takes work, else rejects with why
 * (refused, still starting up, shutting down, timed out). For waiting on a server at boot.
 */
export async function probePostgres(url: string, timeoutMs = 3_000): Promise<void> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A server going away mid-probe must fail the probe, not the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `host:port` of a database URL, for logs: never the credentials. */
export function databaseTarget(url: string): string {
  try {
    const { hostname, port } = new URL(url);
    return `${hostname}:${port || 5432}`;
  } catch {
    return 'the configured server';
  }
}
