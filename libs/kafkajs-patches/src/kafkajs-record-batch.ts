import { crc32c } from '@node-rs/crc32';

interface Encoder {
  buf: Buffer;
  offset: number;
  chunks?: Buffer[];
  sealed?: number;
  size(): number;
  writeInt8(value: number): Encoder;
  writeInt16(value: number): Encoder;
  writeInt32(value: number): Encoder;
  writeUInt32(value: number): Encoder;
  writeInt64(value: unknown): Encoder;
  writeArray(values: unknown[], type?: string): Encoder;
  writeEncoder(value: Encoder): Encoder;
  writeEncoderArray(values: unknown[]): Encoder;
  writeBuffer(value: Buffer): Encoder;
}
type EncoderClass = new () => Encoder;
/** A kafkajs codec (`CompressionCodecs`): it reads the records from `buffer`. */
interface Codec {
  compress(encoder: { readonly buffer: Buffer }): Promise<Buffer>;
}
/** kafkajs's codec registry, by the attributes' codec bits. */
type LookupCodec = (type: number) => Codec | null;
type Long = { fromInt(value: number): unknown; fromValue(value: number): unknown };

interface RecordBatchOptions {
  compression?: number;
  firstOffset?: unknown;
  firstTimestamp?: number;
  maxTimestamp?: number;
  partitionLeaderEpoch?: number;
  lastOffsetDelta?: number;
  transactional?: boolean;
  producerId?: unknown;
  producerEpoch?: number;
  firstSequence?: number;
  records?: unknown[];
}

const MAGIC_BYTE = 2;
const TRANSACTIONAL_MASK = 16;
const COMPRESSION_CODEC_MASK = 0x07;

/** The CRC-32C of an encoder's content, piece by piece, without joining it into one buffer. */
function crcOf(encoder: Encoder): number {
  let crc = 0;
  for (const chunk of encoder.chunks ?? []) crc = crc32c(chunk, crc);
  return crc32c(encoder.buf.subarray(encoder.sealed ?? 0, encoder.offset), crc);
}

/**
 * Buffers a batch's records are joined into for its codec, reused: a fresh half-megabyte buffer
 * per produce request cost about ten times the copy itself (100 against 10 µs for 24 nights),
 * its pages faulted in anew each time. One per compression in flight, returned when it ends.
 */
const spare: Buffer[] = [];

async function compressJoined(records: Encoder, codec: Codec): Promise<Buffer> {
  const size = records.size();
  let scratch = spare.pop();
  if (!scratch || scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.max(size, 1 << 16));
  let offset = 0;
  for (const chunk of records.chunks ?? []) offset += chunk.copy(scratch, offset);
  offset += records.buf.copy(scratch, offset, records.sealed ?? 0, records.offset);
  try {
    return await codec.compress({ buffer: scratch.subarray(0, offset) });
  } finally {
    spare.push(scratch);
  }
}

/**
 * kafkajs's RecordBatch v0 (recordBatch/v0/index.js), the same fields in the same order, except
 * that the checksum is taken over the body's pieces (natively) and the body and batch are passed
 * on by reference: two fewer copies of every batch, compressed or not.
 */
export function fastRecordBatch(Encoder: EncoderClass, Long: Long, lookupCodec: LookupCodec) {
  return async (options: RecordBatchOptions): Promise<Encoder> => {
    const { records = [] } = options;
    const codec = (options.compression ?? 0) & COMPRESSION_CODEC_MASK;
    const body = new Encoder()
      .writeInt16(codec | (options.transactional ? TRANSACTIONAL_MASK : 0))
      .writeInt32(options.lastOffsetDelta ?? 0)
      .writeInt64(options.firstTimestamp ?? Date.now())
      .writeInt64(options.maxTimestamp ?? Date.now())
      .writeInt64(options.producerId ?? Long.fromValue(-1))
      .writeInt16(options.producerEpoch ?? 0)
      .writeInt32(options.firstSequence ?? 0);
    if (codec !== 0) {
      const compressor = lookupCodec(codec);
      if (!compressor) throw new Error(`no codec for compression type ${codec}`);
      const plain = new Encoder().writeEncoderArray(records);
      body.writeInt32(records.length).writeBuffer(await compressJoined(plain, compressor));
    } else if (records.every((record) => typeof record === typeof records[0]))
      body.writeArray(records, typeof records[0]);
    else body.writeArray(records);
    const batch = new Encoder()
      .writeInt32(options.partitionLeaderEpoch ?? 0)
      .writeInt8(MAGIC_BYTE)
      .writeUInt32(crcOf(body))
      .writeEncoder(body);
    return new Encoder()
      .writeInt64(options.firstOffset ?? Long.fromInt(0))
      .writeInt32(batch.size())
      .writeEncoder(batch);
  };
}
