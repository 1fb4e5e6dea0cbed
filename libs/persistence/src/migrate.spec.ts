import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from './database';
import { migrateDatabase } from './migrate';
import { createTestDatabase, embeddedTemplate, type TestDatabase } from './testing';
import { nights } from './testing/fixture-schema';

const migrationsFolder = join(__dirname, 'testing/fixture-migrations');

describe('migrations on a shared server', () => {
  let target: TestDatabase;
  const handles: DatabaseHandle[] = [];
  const open = async (schema: string) => {
    const handle = await openDatabase({ url: target.url, schema, poolSize: 2 });
    handles.push(handle);
    return handle;
  };

  beforeAll(async () => {
    target = await createTestDatabase('migrate');
  });

  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()));
    await target?.drop();
  });

  it('lets instances starting together apply each migration exactly once', async () => {
    const instances = await Promise.all([1, 2, 3, 4].map(() => open('demo')));
    const runs = await Promise.all(instances.map((h) => migrateDatabase(h, { migrationsFolder })));
    expect(runs.reduce((sum, r) => sum + r.applied, 0)).toBe(2);
    expect(runs.every((r) => r.total === 2)).toBe(true);
    const [first] = instances as [DatabaseHandle];
    expect(await first.query('select hash from demo.__migrations')).toHaveLength(2);
    const locks = await first.query(
      `select 1 from pg_locks l join pg_database d on d.oid = l.database
       where l.locktype = 'advisory' and d.datname = current_database()`,
    );
    expect(locks).toHaveLength(0);
  });

  it('keeps each service schema apart in one database', async () => {
    const [alpha, beta] = await Promise.all([open('alpha'), open('beta')]);
    for (const [handle, minutes] of [
      [alpha, 300],
      [beta, 480],
    ] as const) {
      await handle.query(`create schema ${handle.schema}`);
      await handle.query('create table nights (minutes int)');
      await handle.query('insert into nights values ($1)', [minutes]);
    }
    expect(await alpha.query('select minutes from nights')).toEqual([{ minutes: 300 }]);
    expect(await beta.query('select minutes from nights')).toEqual([{ minutes: 480 }]);
    const tables = await alpha.query<{ schemaname: string }>(
      `select schemaname from pg_tables where tablename = 'nights' order by schemaname`,
    );
    expect(tables.map((t) => t.schemaname)).toEqual(['alpha', 'beta', 'demo']);
    expect(await alpha.query(`select to_regclass('alpha.__migrations') as t`)).toEqual([
      { t: null },
    ]);
  });
});

describe('embedded database in a folder', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'persistence-embedded-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps data and migration state across restarts', async () => {
    const options = { schema: 'demo', embeddedDir: dir, embeddedSeed: await embeddedTemplate() };
    const first = await openDatabase(options);
    expect(await migrateDatabase(first, { migrationsFolder })).toEqual({ applied: 2, total: 2 });
    await first.db.insert(nights).values({ userId: 'u', sessionId: 's', sleepMinutes: 400 });
    await first.close();

    const second = await openDatabase(options);
    try {
      expect(await migrateDatabase(second, { migrationsFolder })).toEqual({ applied: 0, total: 2 });
      expect(await second.query('select sleep_minutes from nights')).toEqual([
        { sleep_minutes: 400 },
      ]);
    } finally {
      await second.close();
    }
  });
});
