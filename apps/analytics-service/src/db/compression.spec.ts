import { join } from 'node:path';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';

describe('wide values compressed with lz4 (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    target = await createTestDatabase('analytics_compression');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
  });

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('sets lz4 on the facts’ stat (jsonb and json text), stages and score detail, and on report and insight bodies', async () => {
    const rows = await database.query<{ column: string; compression: string }>(
      `select c.relname || '.' || a.attname as column, a.attcompression as compression
       from pg_attribute a join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'analytics' and a.attcompression <> ''
       order by 1`,
    );
    expect(rows).toEqual(
      [
        'insights.body',
        'nightly_facts.score_detail',
        'nightly_facts.sleep_stages',
        'nightly_facts.stat',
        'nightly_facts.stat_json',
        // A1's covering index keeps the stat text too (migration 0011), compressed alike.
        'nightly_facts_user_start_idx.stat_json',
        'reports.body',
      ].map((column) => ({ column, compression: 'l' })),
    );
  });
});
