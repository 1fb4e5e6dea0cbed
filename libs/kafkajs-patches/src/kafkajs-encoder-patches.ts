import { fastRecordBatch } from './kafkajs-record-batch';

const PATCHED = Symbol.for('sleep-platform.kafkajs-encoder-speed');
/** Buffers at least this large are referenced instead of copied. */
const LARGE = 4096;

interface Encoder {
  buf: Buffer;
  offset: number;
  /** Large pieces written before `buf[sealed, offset)`, in order. */
  chunks?: Buffer[];
  chunked?: number;
  sealed?: number;
  readonly buffer: Buffer;
  [PATCHED]?: true;
}
interface EncoderClass {
  prototype: Encoder & Record<string, unknown>;
  nextPowerOfTwo(value: number): number;
}

function seal(encoder: Encoder): void {
  const sealed = encoder.sealed ?? 0;
  if (encoder.offset === sealed) return;
  (encoder.chunks ??= []).push(encoder.buf.subarray(sealed, encoder.offset));
  encoder.chunked = (encoder.chunked ?? 0) + encoder.offset - sealed;
  encoder.sealed = encoder.offset;
}

function append(encoder: Encoder, piece: Buffer): void {
  seal(encoder);
  (encoder.chunks ??= []).push(piece);
  encoder.chunked = (encoder.chunked ?? 0) + piece.length;
}

/** Another encoder's content, by reference when large. */
function appendEncoder(encoder: Encoder, value: Encoder, write: (buffer: Buffer) => void): void {
  if (!value.chunks) return write(value.buf.subarray(0, value.offset));
  for (const chunk of value.chunks) append(encoder, chunk);
  write(value.buf.subarray(value.sealed ?? 0, value.offset));
}

/**
 * kafkajs 2.2.4 copies every produced value about nine times (record, batch body, batch, its
 * length-prefixed copy, partition, topic, request, framing), into fresh zero-filled buffers,
 * and checksums each batch one byte per step: about 170 µs of CPU per 20 KB message, more
 * than parsing and validating it. Here large pieces are kept by reference and joined once,
 * for the socket write; growth skips zero-filling (only written bytes are ever exposed); and
 * the record batch checksums its pieces eight bytes per step. The wire bytes are unchanged.
 * The record batch is swapped in its module before the first produce request loads it.
 */
export function applyKafkajsEncoderPatches(): void {
  let Encoder: EncoderClass;
  let recordBatch: { RecordBatch: unknown };
  let Long: Parameters<typeof fastRecordBatch>[1];
  let compression: { lookupCodec: Parameters<typeof fastRecordBatch>[2] };
  try {
    Encoder = require('kafkajs/src/protocol/encoder');
    recordBatch = require('kafkajs/src/protocol/recordBatch/v0');
    Long = require('kafkajs/src/utils/long');
    compression = require('kafkajs/src/protocol/message/compression');
  } catch {
    return;
  }
  const proto = Encoder.prototype;
  if (typeof proto['ensureAvailable'] !== 'function' || proto[PATCHED]) return;
  proto[PATCHED] = true;
  const copyIn = proto['writeBufferInternal'] as (this: Encoder, buffer: Buffer) => void;

  proto['ensureAvailable'] = function (this: Encoder, length: number) {
    if (this.offset + length <= this.buf.length) return;
    const sealed = this.sealed ?? 0;
    const next = Buffer.allocUnsafe(Encoder.nextPowerOfTwo(this.offset - sealed + length));
    this.buf.copy(next, 0, sealed, this.offset);
    this.buf = next;
    this.offset -= sealed;
    if (this.chunks) this.sealed = 0;
  };
  proto['writeBufferInternal'] = function (this: Encoder, buffer: Buffer) {
    if (buffer.length >= LARGE) append(this, buffer);
    else copyIn.call(this, buffer);
  };
  const write = (encoder: Encoder) => (buffer: Buffer) =>
    (proto['writeBufferInternal'] as (b: Buffer) => void).call(encoder, buffer);
  proto['writeEncoder'] = function (this: Encoder, value: Encoder) {
    if (value == null || !Buffer.isBuffer(value.buf))
      throw new Error('value should be an instance of Encoder');
    appendEncoder(this, value, write(this));
    return this;
  };
  proto['writeEncoderArray'] = function (this: Encoder, values: Encoder[]) {
    if (!Array.isArray(values) || values.some((v) => v == null || !Buffer.isBuffer(v.buf))) {
      throw new Error('all values should be an instance of Encoder[]');
    }
    for (const value of values) appendEncoder(this, value, write(this));
    return this;
  };
  proto['size'] = function (this: Encoder) {
    return (this.chunked ?? 0) + this.offset - (this.sealed ?? 0);
  };
  Object.defineProperty(proto, 'buffer', {
    configurable: true,
    get(this: Encoder) {
      if (!this.chunks) return this.buf.slice(0, this.offset);
      const joined = Buffer.concat([
        ...this.chunks,
        this.buf.subarray(this.sealed ?? 0, this.offset),
      ]);
      // Joined once: later reads, and writes after them, use the contiguous copy.
      this.chunks = undefined;
      this.chunked = 0;
      this.sealed = 0;
      this.buf = joined;
      this.offset = joined.length;
      return joined;
    },
  });
  const encoderClass = Encoder as unknown as Parameters<typeof fastRecordBatch>[0];
  recordBatch.RecordBatch = fastRecordBatch(encoderClass, Long, compression.lookupCodec);
}
