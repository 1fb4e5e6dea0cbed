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

  it('sets lz4 on the facts’ stat (jsonb and A1’s values), stages and score detail, and on report and insight bodies', async () => {
    const rows = await database.query<{ column: string; compression: string }>(
      `select c.relname || '.' || a.attname as column, a.attcompression as compression
       from pg_attribute a join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'analytics' and a.attcompression <> '' and not a.attisdropped
       order by 1`,
    );
    expect(rows).toEqual(
      [
        'insights.body',
        'nightly_facts.a1_stat',
        'nightly_facts.score_detail',
        'nightly_facts.sleep_stages',
        'nightly_facts.stat',
        // A1's covering index keeps the stat's values too (migration 0012), compressed alike.
        'nightly_facts_user_start_idx.a1_stat',
        'reports.body',
      ].map((column) => ({ column, compression: 'l' })),
    );
  });
});
