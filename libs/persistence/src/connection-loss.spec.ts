import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { Client } from 'pg';
import { checkDatabase } from './check-database';
import { openDatabase, type DatabaseHandle } from './database';
import { isDatabaseUnavailable } from './database-unavailable';
import { createTestDatabase, type TestDatabase } from './testing';

/** Ends every backend of `applicationName` as a server restart or failover would, from outside. */
async function terminateBackends(url: string, applicationName: string): Promise<number> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `select pg_terminate_backend(pid) as ended from pg_stat_activity
       where application_name = $1 and pid <> pg_backend_pid()`,
      [applicationName],
    );
    return rows.filter((row: { ended: boolean }) => row.ended).length;
  } finally {
    await admin.end();
  }
}

/** Waits until `applicationName` has a backend running a statement, so the kill hits it mid-work. */
async function busyBackend(url: string, applicationName: string): Promise<void> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query(
        `select 1 from pg_stat_activity where application_name = $1 and state = 'active'`,
        [applicationName],
      );
      if (rows.length > 0) return;
      await sleep(50);
    }
    throw new Error('the backend never became busy');
  } finally {
    await admin.end();
  }
}

describe('a postgres connection lost while checked out', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  const warnings: string[] = [];
  const applicationName = `conn-loss-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabase('connection_loss');
    handle = await openDatabase({
      url: database.url,
      schema: 'demo',
      applicationName,
      logger: { log: () => undefined, warn: (message) => warnings.push(message) },
    });
  });

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('fails the transaction in progress, logs, and the next query works', async () => {
    const inFlight = handle.transaction((tx) => tx.execute(sql`select pg_sleep(30)`));
    await busyBackend(database.url, applicationName);
    expect(await terminateBackends(database.url, applicationName)).toBeGreaterThan(0);

    const lost = await inFlight.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(lost).toBeDefined();
    // What callers answer with: "unavailable, try again", not an internal error.
    expect(isDatabaseUnavailable(lost)).toBe(true);
    // Had the client's 'error' event gone unhandled, jest would report it as an uncaught error.
    await sleep(100);
    expect(warnings.some((w) => w.startsWith('postgres connection lost'))).toBe(true);
    await expect(handle.ping()).resolves.toBeUndefined();
    expect(await checkDatabase(handle)).toBe(true);
  });

  it('fails a withLock body whose dedicated connection is cut, then locks again', async () => {
    const inFlight = handle.withLock('conn-loss', (db) => db.execute(sql`select pg_sleep(30)`));
    await busyBackend(database.url, applicationName);
    await terminateBackends(database.url, applicationName);

    await expect(inFlight).rejects.toThrow();
    await expect(handle.withLock('conn-loss', async () => 'again')).resolves.toBe('again');
  });

  it('survives idle connections being cut too', async () => {
    await Promise.all([handle.ping(), handle.ping(), handle.ping()]);
    await terminateBackends(database.url, applicationName);
    await sleep(100);
    // The pool may hand out a dead idle client once before noticing; the one after works.
    await handle.ping().catch(() => undefined);
    await expect(handle.ping()).resolves.toBeUndefined();
  });
});

describe('isDatabaseUnavailable', () => {
  it('is true for a server that refuses connections, through the query builder', async () => {
    const closed = await openDatabase({
      url: 'postgres://postgres@127.0.0.1:1/none',
      schema: 'demo',
      logger: { log: () => undefined, warn: () => undefined },
    });
    try {
      const refused = await closed.db.execute(sql`select 1`).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isDatabaseUnavailable(refused)).toBe(true);
    } finally {
      await closed.close();
    }
  });

  it('is false for errors a retry cannot fix', async () => {
    const database = await createTestDatabase('unavailable_negative');
    const handle = await openDatabase({ url: database.url, schema: 'demo' });
    try {
      const syntax = await handle.db.execute(sql`selec 1`).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(syntax).toBeDefined();
      expect(isDatabaseUnavailable(syntax)).toBe(false);
      expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
      expect(isDatabaseUnavailable(undefined)).toBe(false);
    } finally {
      await handle.close();
      await database.drop();
    }
  });

  it('recognises shutdown and connection-exception SQLSTATEs in a cause chain', () => {
    const wrapped = (code: string) =>
      new Error('query failed', { cause: Object.assign(new Error('x'), { code }) });
    expect(isDatabaseUnavailable(wrapped('57P01'))).toBe(true);
    expect(isDatabaseUnavailable(wrapped('08006'))).toBe(true);
    expect(isDatabaseUnavailable(wrapped('23505'))).toBe(false);
  });
});
