import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { checkDatabase } from './check-database';
import { openDatabase, type DatabaseHandle } from './database';
import { migrateDatabase } from './migrate';
import { createTestDatabase, embeddedTemplate, pgAvailable, testAdminUrl } from './testing';
import { nights } from './testing/fixture-schema';

const migrationsFolder = join(__dirname, 'testing/fixture-migrations');

interface Target {
  open(options?: { poolSize?: number }): Promise<DatabaseHandle>;
  cleanup(): Promise<void>;
}

const targets: [string, () => Promise<Target>][] = [
  [
    'embedded',
    async () => {
      const embeddedSeed = await embeddedTemplate();
      return {
        open: () => openDatabase({ schema: 'demo', embeddedSeed }),
        cleanup: async () => undefined,
      };
    },
  ],
  [
    'postgres',
    async () => {
      if (!(await pgAvailable()))
        throw new Error(`PostgreSQL is not reachable at ${testAdminUrl()}`);
      const target = await createTestDatabase('database');
      return {
        open: (options = {}) => openDatabase({ url: target.url, schema: 'demo', ...options }),
        cleanup: target.drop,
      };
    },
  ],
];

describe.each(targets)('%s database', (kind, prepare) => {
  let target: Target;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    target = await prepare();
    handle = await target.open();
  });

  afterAll(async () => {
    await handle?.close();
    await target?.cleanup();
  });

  it('reports its kind and answers ping and raw queries', async () => {
    expect(handle.kind).toBe(kind);
    await expect(handle.ping()).resolves.toBeUndefined();
    expect(await handle.query<{ sum: number }>('select $1::int + $2::int as sum', [2, 3])).toEqual([
      { sum: 5 },
    ]);
  });

  it("runs a named statement, once prepared, with each call's parameters", async () => {
    // One connection: the statements it has prepared are the ones this test made.
    const single = kind === 'postgres' ? await target.open({ poolSize: 1 }) : handle;
    try {
      const text = 'select $1::int * 2 as twice';
      const named = { name: 'database_spec_twice' };
      expect(await single.query(text, [2], named)).toEqual([{ twice: 4 }]);
      expect(await single.query(text, [5], named)).toEqual([{ twice: 10 }]);
      if (kind === 'postgres')
        expect(await single.query('select name, statement from pg_prepared_statements')).toEqual([
          { name: named.name, statement: text },
        ]);
    } finally {
      if (single !== handle) await single.close();
    }
  });

  it('applies migrations once; a second run applies nothing', async () => {
    expect(await migrateDatabase(handle, { migrationsFolder })).toEqual({ applied: 2, total: 2 });
    expect(await migrateDatabase(handle, { migrationsFolder })).toEqual({ applied: 0, total: 2 });
    const columns = await handle.query<{ column_name: string }>(
      `select column_name from information_schema.columns
       where table_schema = 'demo' and table_name = 'nights' order by ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toContain('score');
  });

  it('serialises concurrent migrate calls on one handle', async () => {
    const runs = await Promise.all(
      [1, 2, 3].map(() => migrateDatabase(handle, { migrationsFolder })),
    );
    expect(runs.every((r) => r.applied === 0 && r.total === 2)).toBe(true);
  });

  it('works with the query builder on pgSchema tables', async () => {
    await handle.db
      .insert(nights)
      .values({ userId: 'u1', sessionId: `s-${kind}`, sleepMinutes: 420 });
    const rows = await handle.db
      .select()
      .from(nights)
      .where(eq(nights.sessionId, `s-${kind}`));
    expect(rows).toMatchObject([{ userId: 'u1', sleepMinutes: 420, score: null }]);
  });

  it('rolls a failed transaction back and commits a good one', async () => {
    const failing = handle.transaction(async (tx) => {
      await tx.insert(nights).values({ userId: 'u2', sessionId: 'rolled-back', sleepMinutes: 1 });
      throw new Error('abort');
    });
    await expect(failing).rejects.toThrow('abort');
    await handle.transaction((tx) =>
      tx.insert(nights).values({ userId: 'u2', sessionId: 'committed', sleepMinutes: 2 }),
    );
    const ids = await handle.query<{ session_id: string }>(
      `select session_id from nights where user_id = 'u2' order by session_id`,
    );
    expect(ids).toEqual([{ session_id: 'committed' }]);
  });

  it('resolves unqualified names in the service schema', async () => {
    await handle.query('create table scratch (id int)');
    const [row] = await handle.query<{ schema: string }>(
      `select table_schema as schema from information_schema.tables where table_name = 'scratch'`,
    );
    expect(row?.schema).toBe('demo');
  });

  it('is healthy while open and unhealthy once closed', async () => {
    expect(await checkDatabase(handle)).toBe(true);
    await handle.close();
    await handle.close();
    const started = Date.now();
    expect(await checkDatabase(handle, 2000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
