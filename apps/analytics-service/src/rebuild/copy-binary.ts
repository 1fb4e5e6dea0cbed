import type { ColumnKind, Columns } from './copy-rows';

/** Bytes of COPY data per piece sent. */
const PIECE_BYTES = 64 * 1024;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Postgres counts days and microseconds from 2000-01-01 UTC. */
const EPOCH_2000_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const TEXT_OID = 25;
const TWO_32 = 2 ** 32;
const JSONB_VERSION = 1;
const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A growing buffer of COPY's binary format, handed over piece by piece: no value is escaped or
 * printed as text (dates, instants, numbers, bytes go as Postgres stores them), and the server
 * reads them without parsing.
 */
class CopyWriter {
  private buffer = Buffer.allocUnsafe(2 * PIECE_BYTES);
  private at = 0;

  get size(): number {
    return this.at;
  }

  take(): Buffer {
    const piece = this.buffer.subarray(0, this.at);
    this.buffer = Buffer.allocUnsafe(Math.max(2 * PIECE_BYTES, this.buffer.length));
    this.at = 0;
    return piece;
  }

  private room(bytes: number) {
    if (this.at + bytes <= this.buffer.length) return;
    const larger = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.at + bytes));
    this.buffer.copy(larger, 0, 0, this.at);
    this.buffer = larger;
  }

  int16(value: number) {
    this.room(2);
    this.at = this.buffer.writeInt16BE(value, this.at);
  }

  int32(value: number) {
    this.room(4);
    this.at = this.buffer.writeInt32BE(value, this.at);
  }

  raw(bytes: Uint8Array) {
    this.room(bytes.byteLength);
    this.buffer.set(bytes, this.at);
    this.at += bytes.byteLength;
  }

  /** A field: its length, then its bytes. */
  field(bytes: Uint8Array) {
    this.int32(bytes.byteLength);
    this.room(bytes.byteLength);
    this.buffer.set(bytes, this.at);
    this.at += bytes.byteLength;
  }

  /** A field of UTF-8 text, after `prefix` bytes written by `before` (the jsonb version). */
  text(value: string, prefix = 0, before?: (writer: CopyWriter) => void) {
    this.room(4 + prefix + 3 * value.length);
    const lengthAt = this.at;
    this.at += 4;
    before?.(this);
    const written = this.buffer.write(value, this.at, 'utf8');
    this.at += written;
    this.buffer.writeInt32BE(prefix + written, lengthAt);
  }

  int32Field(value: number) {
    this.int32(4);
    this.int32(value);
  }

  int64Field(value: number) {
    const high = Math.floor(value / TWO_32);
    this.int32(8);
    this.int32(high);
    this.room(4);
    this.at = this.buffer.writeUInt32BE(value - high * TWO_32, this.at);
  }

  float8Field(value: number) {
    this.int32(8);
    this.room(8);
    this.at = this.buffer.writeDoubleBE(value, this.at);
  }

  byte(value: number) {
    this.room(1);
    this.buffer[this.at++] = value;
  }
}

const integer = (value: unknown, min: number, max: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`COPY: ${String(value)} is not an integer in [${min}, ${max}]`);
  return n;
};

const epochMs = (value: unknown): number => {
  const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
  if (Number.isNaN(ms)) throw new Error(`COPY: ${String(value)} is not an instant`);
  return ms;
};

/** Day numbers of the dates met so far: a rebuild writes the same few thousand days again and again. */
const dayNumbers = new Map<string, number>();
const MAX_DAYS_KEPT = 100_000;

function dayNumber(value: unknown): number {
  const text = String(value);
  let days = dayNumbers.get(text);
  if (days === undefined) {
    const shape = DATE_SHAPE.exec(text);
    const ms = shape ? Date.UTC(Number(shape[1]), Number(shape[2]) - 1, Number(shape[3])) : NaN;
    // A date that does not exist (2025-02-30) would roll over: refused, as Postgres refuses it.
    if (!shape || new Date(ms).toISOString().slice(0, 10) !== text)
      throw new Error(`COPY: ${text} is not a date (YYYY-MM-DD)`);
    days = (ms - EPOCH_2000_MS) / DAY_MS;
    if (dayNumbers.size >= MAX_DAYS_KEPT) dayNumbers.clear();
    dayNumbers.set(text, days);
  }
  return days;
}

/** Bytes as given, or the `\x` hex text of the text format. */
function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const text = String(value);
  if (!text.startsWith('\\x')) throw new Error('COPY: bytea is neither bytes nor \\x hex');
  return Buffer.from(text.slice(2), 'hex');
}

const writeJsonbVersion = (writer: CopyWriter) => writer.byte(JSONB_VERSION);

function writeValue(writer: CopyWriter, value: unknown, kind: ColumnKind) {
  if (value === null || value === undefined) return writer.int32(-1);
  switch (kind) {
    case 'text':
      return writer.text(String(value));
    case 'int':
      return writer.int32Field(integer(value, -(2 ** 31), 2 ** 31 - 1));
    case 'smallint':
      writer.int32(2);
      return writer.int16(integer(value, -(2 ** 15), 2 ** 15 - 1));
    case 'float8':
      return writer.float8Field(Number(value));
    case 'bool':
      writer.int32(1);
      return writer.byte(value ? 1 : 0);
    case 'date':
      return writer.int32Field(dayNumber(value));
    case 'timestamptz':
      return writer.int64Field((epochMs(value) - EPOCH_2000_MS) * 1000);
    case 'json':
      return writer.text(JSON.stringify(value));
    case 'jsonb':
      return writer.text(JSON.stringify(value), 1, writeJsonbVersion);
    case 'bytea':
      return writer.field(bytesOf(value));
    case 'text[]':
      return writeTextArray(writer, value as readonly string[]);
  }
}

/** One dimension (none when empty), no null element, elements of type text, lower bound 1. */
function writeTextArray(writer: CopyWriter, values: readonly string[]) {
  const elements = values.map((v) => Buffer.from(v, 'utf8'));
  const dimensions = elements.length === 0 ? 0 : 1;
  const bytes = 12 + dimensions * 8 + elements.reduce((sum, e) => sum + 4 + e.byteLength, 0);
  writer.int32(bytes);
  writer.int32(dimensions);
  writer.int32(0);
  writer.int32(TEXT_OID);
  if (dimensions === 1) {
    writer.int32(elements.length);
    writer.int32(1);
  }
  for (const element of elements) writer.field(element);
}

/**
 * The rows as COPY's binary format (`copy ... from stdin with (format binary)`) in pieces of about
 * `PIECE_BYTES`: header, one tuple per row, trailer. Nothing for no rows.
 */
export function* binaryPieces(
  columns: Columns,
  rows: readonly Record<string, unknown>[],
): Generator<Buffer> {
  if (rows.length === 0) return;
  const writer = new CopyWriter();
  // Signature, flags (no OIDs), header extension length.
  writer.raw(SIGNATURE);
  writer.int32(0);
  writer.int32(0);
  for (const row of rows) {
    writer.int16(columns.length);
    for (const [name, kind] of columns) writeValue(writer, row[name], kind);
    if (writer.size >= PIECE_BYTES) yield writer.take();
  }
  writer.int16(-1);
  yield writer.take();
}
