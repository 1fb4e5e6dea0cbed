import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Transaction } from '@sleep/persistence';
import { sql } from 'drizzle-orm';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type Tx = Transaction<Record<string, unknown>>;

export type ColumnKind =
  | 'text'
  | 'int'
  | 'smallint'
  | 'float8'
  | 'bool'
  | 'date'
  | 'timestamptz'
  | 'jsonb'
  | 'bytea'
  | 'text[]';

/** A table's columns in insert order, with their types; rows are keyed by column name. */
export type Columns = readonly (readonly [name: string, kind: ColumnKind])[];

/** Rows per statement. */
const CHUNK = 2_000;

/**
 * Inserts rows with `COPY ... FROM STDIN` (text format) on the server: each value is parsed once,
 * where a JSON document is parsed as a whole and then again field by field. The embedded database
 * (no pg client under the transaction) takes one `json_to_recordset` document per statement.
 * Both store the same values: bytea goes as `\x` hex, jsonb as `JSON.stringify` text.
 */
export function insertRows(
  tx: Tx,
  table: string,
  columns: Columns,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  return copyRows(tx, `analytics.${table}`, columns, rows);
}

/** `insertRows` into any table, named with its schema (`pg_temp` for a temporary table). */
export async function copyRows(
  tx: Tx,
  table: string,
  columns: Columns,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const client = clientOf(tx);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    if (client) await copyChunk(client, table, columns, chunk);
    else await insertDocument(tx, table, columns, chunk);
  }
}

/** The pg connection a drizzle node-postgres transaction runs on; null on the embedded database. */
function clientOf(tx: Tx): Client | null {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  return client instanceof Client ? client : null;
}

async function copyChunk(
  client: Client,
  table: string,
  columns: Columns,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const names = columns.map(([name]) => name).join(', ');
  const stream = client.query(copyFrom(`copy ${table} (${names}) from stdin`));
  await pipeline(Readable.from(copyPieces(columns, rows)), stream);
}

/** Characters of COPY text per piece sent. */
const PIECE_CHARS = 64 * 1024;

/**
 * The rows' COPY text in pieces of about `PIECE_CHARS`, each encoded on its own: encoding one
 * string of a whole chunk (megabytes built by concatenation) cost twice as much CPU as building it.
 */
export function* copyPieces(
  columns: Columns,
  rows: readonly Record<string, unknown>[],
): Generator<Buffer> {
  let lines: string[] = [];
  let chars = 0;
  for (const row of rows) {
    const line = copyLine(columns, row);
    lines.push(line);
    chars += line.length;
    if (chars >= PIECE_CHARS) {
      yield Buffer.from(lines.join(''));
      lines = [];
      chars = 0;
    }
  }
  if (lines.length > 0) yield Buffer.from(lines.join(''));
}

/** A row as a line of `COPY ... FROM STDIN` text: values tab-separated. */
function copyLine(columns: Columns, row: Record<string, unknown>): string {
  let line = '';
  for (let c = 0; c < columns.length; c++) {
    const [name, kind] = columns[c] as Columns[number];
    line += (c === 0 ? '' : '\t') + copyValue(row[name], kind);
  }
  return line + '\n';
}

/** COPY's text format: backslash, tab, newline and carriage return escaped; `\N` for null. */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeCopy = (text: string) =>
  SPECIAL.test(text) ? text.replace(ESCAPED, (c) => ESCAPES[c] as string) : text;
/** JSON text holds no raw tab, newline or carriage return (it escapes them): only backslashes. */
const escapeJson = (json: string) => (json.includes('\\') ? json.replaceAll('\\', '\\\\') : json);

function copyValue(value: unknown, kind: ColumnKind): string {
  if (value === null || value === undefined) return '\\N';
  switch (kind) {
    case 'bool':
      return value ? 't' : 'f';
    case 'jsonb':
      return escapeJson(JSON.stringify(value));
    case 'text[]':
      return escapeCopy(arrayLiteral(value as readonly string[]));
    default:
      return escapeCopy(String(value));
  }
}

/** `{"a","b"}`: every element quoted, so none is read as NULL or split. */
const arrayLiteral = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

async function insertDocument(
  tx: Tx,
  table: string,
  columns: Columns,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const names = columns.map(([name]) => name).join(', ');
  const definition = columns.map(([name, kind]) => `${name} ${kind}`).join(', ');
  await tx.execute(
    sql`insert into ${sql.raw(table)} (${sql.raw(names)})
        select ${sql.raw(names)} from json_to_recordset(${JSON.stringify(rows)}::json) as r(${sql.raw(definition)})`,
  );
}
