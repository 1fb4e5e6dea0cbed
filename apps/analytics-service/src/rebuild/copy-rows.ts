import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Transaction } from '@sleep/persistence';
import { sql } from 'drizzle-orm';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { binaryPieces } from './copy-binary';

type Tx = Transaction<Record<string, unknown>>;

export type ColumnKind =
  | 'text'
  | 'int'
  | 'smallint'
  | 'float8'
  | 'bool'
  | 'date'
  | 'timestamptz'
  | 'json'
  | 'jsonb'
  | 'bytea'
  | 'text[]';

/** A table's columns in insert order, with their types; rows are keyed by column name. */
export type Columns = readonly (readonly [name: string, kind: ColumnKind])[];

/** Rows per statement. */
const CHUNK = 2_000;

/**
 * Inserts rows with `COPY ... FROM STDIN` in binary format (`binaryPieces`): dates, instants,
 * numbers and bytes reach the server as it stores them, with nothing to escape or parse. The
 * embedded database (no pg client under the transaction) takes one `json_to_recordset` document
 * per statement. Both store the same values: json and jsonb as `JSON.stringify` text; bytea given as bytes
 * or as `\x` hex text, instants as a Date or ISO text, dates as `YYYY-MM-DD`.
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
  const stream = client.query(copyFrom(`copy ${table} (${names}) from stdin with (format binary)`));
  await pipeline(Readable.from(binaryPieces(columns, rows)), stream);
}

/** Bytes as the `\x` hex text `json_to_recordset` reads into bytea. */
const hexOf = (value: unknown) =>
  value instanceof Uint8Array
    ? `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`
    : value;

async function insertDocument(
  tx: Tx,
  table: string,
  columns: Columns,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const names = columns.map(([name]) => name).join(', ');
  const definition = columns.map(([name, kind]) => `${name} ${kind}`).join(', ');
  const byteColumns = columns.filter(([, kind]) => kind === 'bytea').map(([name]) => name);
  const documentRows =
    byteColumns.length === 0
      ? rows
      : rows.map((row) => {
          const copy = { ...row };
          for (const name of byteColumns) copy[name] = hexOf(row[name]);
          return copy;
        });
  await tx.execute(
    sql`insert into ${sql.raw(table)} (${sql.raw(names)})
        select ${sql.raw(names)} from json_to_recordset(${JSON.stringify(documentRows)}::json) as r(${sql.raw(definition)})`,
  );
}
