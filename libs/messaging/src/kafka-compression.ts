import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import type * as Lz4 from 'lz4-napi';

// Loaded on the first batch compressed or read: a process that never meets one keeps its memory.
let lz4: typeof Lz4 | undefined;
const loadLz4 = (): typeof Lz4 => (lz4 ??= require('lz4-napi') as typeof Lz4);

/** How a producer's record batches travel: `lz4` (the default) or `none`. */
export const KAFKA_COMPRESSIONS = ['lz4', 'none'] as const;
export type KafkaCompression = (typeof KAFKA_COMPRESSIONS)[number];

/** What kafkajs hands a codec to compress: its encoder of a batch's records. */
interface RecordsEncoder {
  readonly buffer: Buffer;
}

/**
 * LZ4 for record batches, in the LZ4 frame format Kafka's own clients write (KIP-57). A night's
 * stage arrays are mostly runs of the same few digits: a produce request of 24 SESSION_COMPLETE
 * webhooks (456 KB) becomes 48 KB, which the broker checksums, validates, stores and serves
 * instead. Native (lz4_flex). Compression runs on the calling thread: the asynchronous variant
 * cost the event loop as much before handing over (it takes its own copy of the input) and a
 * worker thread besides; in the ingest bench the synchronous one answered 11-12 % more webhooks
 * a second in the same runs. Decompression likewise: session-service caught up a backlog at
 * 1,129-1,219 webhooks/s against 1,064-1,077 asynchronously (two alternated pairs). Registered
 * by `createKafka`, so every consumer of this workspace reads what its producers compressed.
 */
export function registerLz4Codec(): void {
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: RecordsEncoder) => loadLz4().compressFrameSync(encoder.buffer),
    decompress: async (buffer: Buffer) => loadLz4().decompressFrameSync(buffer),
  });
}
