import { join } from 'node:path';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@sleep/persistence';
import {
  createTestDatabase,
  embeddedTemplate,
  type TestDatabase,
} from '@sleep/persistence/testing';
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
  ['small', 'smallint'],
];

/** Every character COPY's text format or an array literal treats specially, in every kind. */
const awkward = 'tab\there, line\nbreak, cr\r, back\\slash, "quotes", {braces}, comma,NULL \\N';

const instant = (id: number, as: 'text' | 'date') => {
  const at = new Date(Date.UTC(1990 + (id % 40), id % 12, 10, 14, 13, id % 60, id % 1000));
  return as === 'date' ? at : at.toISOString();
};

const probeRows = (count: number) =>
  Array.from({ length: count }, (_, id) => ({
    id,
    label: id % 2 ? awkward : '',
    ratio: id % 3 ? 0.1 + id / 7 : null,
    flag: id % 2 === 0,
    // Instants before 2000 and after, as ISO text and as Dates; days across leap years.
    day: ['2025-03-10', '1999-12-31', '2000-01-01', '2024-02-29', '1969-07-20'][id % 5] as string,
    at: instant(id, id % 2 ? 'text' : 'date'),
    doc: { text: awkward, nested: [1, 2.5, null, { deep: `\\${id}` }] },
    bytes: Buffer.from([0, 1, 92, 9, 10, id % 256]),
    tags: id % 2 ? [awkward, 'NULL', '', 'plain', 'é 한'] : [],
    small: id % 4 ? (id % 2 ? -id : id) : null,
  }));

/** What reading the rows back gives: every instant as a Date. */
const expected = (rows: ReturnType<typeof probeRows>) =>
  rows.map((row) => ({ ...row, at: instant(row.id, 'date') }));

const stored = (database: DatabaseHandle) =>
  database.query<Record<string, unknown>>(
    `select id, label, ratio, flag, day::text as day, at, doc, bytes, tags, small
     from analytics.copy_probe order by id`,
  );

describe('insertRows over COPY (real Postgres)', () => {
  let target: TestDatabase;
  let database: DatabaseHandle;

  const PROBE = `create table analytics.copy_probe (id int primary key, label text, ratio float8,
    flag bool, day date, at timestamptz, doc jsonb, bytes bytea, tags text[], small smallint)`;

  beforeAll(async () => {
    target = await createTestDatabase('analytics_copy_rows');
    database = await openDatabase({ url: target.url, schema: 'analytics' });
    await migrateDatabase(database, { migrationsFolder: join(__dirname, '../migrations') });
    await database.query(PROBE);
  });

  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('stores every value as written, escapes and nulls included, in chunks', async () => {
    const rows = probeRows(2_500);
    await database.transaction((tx) => insertRows(tx, 'copy_probe', COLUMNS, rows));
    expect(await stored(database)).toEqual(expected(rows));
  });

  it('stores the same values on the embedded database (one document per statement)', async () => {
    const embedded = await openDatabase({
      schema: 'analytics',
      embeddedSeed: await embeddedTemplate(),
    });
    try {
      await migrateDatabase(embedded, { migrationsFolder: join(__dirname, '../migrations') });
      await embedded.query(PROBE);
      const rows = probeRows(50);
      await embedded.transaction((tx) => insertRows(tx, 'copy_probe', COLUMNS, rows));
      expect(await stored(embedded)).toEqual(expected(rows));
    } finally {
      await embedded.close();
    }
  }, 60_000);
});
