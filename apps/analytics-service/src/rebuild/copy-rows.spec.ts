import { join } from 'node:path';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import { createTestDatabase, type TestDatabase } from '@sleep/persistence/testing';
import { type Columns, insertRows } from './copy-rows';

const COLUMNS: Columns = [
  ['id', 'int'],
  ['label', 'text'],
  ['ratio', 'float8'],
  ['flag', 'bool'],
  ['day', 'date'],
  ['at', 'timestamptz'],
  ['doc', 'jsonb'],
  ['bytes', 'bytea'],
  ['tags', 'text[]'],
];

/** Every character COPY's text format or an array literal treats specially, in every kind. */
const awkward = 'tab\there, line\nbreak, cr\r, back\\slash, "quotes", {braces}, comma,NULL \\N';

describe('insertRows over COPY (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    target = await createTestDatabase('analytics_copy_rows');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
    await database.query(
      `create table analytics.copy_probe (id int primary key, label text, ratio float8, flag bool,
         day date, at timestamptz, doc jsonb, bytes bytea, tags text[])`,
    );
  });

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('stores every value as written, escapes and nulls included, in chunks', async () => {
    const rows = Array.from({ length: 2_500 }, (_, id) => ({
      id,
      label: id % 2 ? awkward : '',
      ratio: id % 3 ? 0.1 + id / 7 : null,
      flag: id % 2 === 0,
      day: '2025-03-10',
      at: new Date(Date.UTC(2025, 2, 10, 14, 13, id % 60)).toISOString(),
      doc: { text: awkward, nested: [1, 2.5, null, { deep: `\\${id}` }] },
      bytes: `\\x${Buffer.from([0, 1, 92, 9, 10, id % 256]).toString('hex')}`,
      tags: id % 2 ? [awkward, 'NULL', '', 'plain'] : [],
    }));
    await database.transaction((tx) => insertRows(tx, 'copy_probe', COLUMNS, rows));
    const stored = await database.query<Record<string, unknown>>(
      `select id, label, ratio, flag, day::text as day, at, doc, bytes, tags
       from analytics.copy_probe order by id`,
    );
    expect(stored).toHaveLength(rows.length);
    stored.forEach((row, i) => {
      const written = rows[i];
      expect(row).toEqual({
        ...written,
        at: new Date(written.at),
        bytes: Buffer.from(written.bytes.slice(2), 'hex'),
      });
    });
  });
});
