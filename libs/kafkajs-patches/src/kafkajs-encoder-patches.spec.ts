import { randomBytes } from 'node:crypto';
import { crc32c } from '@node-rs/crc32';
import { applyKafkajsEncoderPatches } from './kafkajs-encoder-patches';

type Produce = { protocol(options: { version: number }): (request: object) => { request: object } };
type Frame = (request: object) => Promise<{ buffer: Buffer }>;

/** A Produce request as kafkajs frames it for the socket, with the kafkajs module instances given. */
async function encodeProduce(
  load: (path: string) => unknown,
  messages: object[],
  compression: number,
): Promise<Buffer> {
  const Long = load('kafkajs/src/utils/long') as { fromInt(value: number): unknown };
  const produce = load('kafkajs/src/protocol/requests/produce') as Produce;
  const frame = load('kafkajs/src/protocol/request') as Frame;
  const partitions = [0, 1, 2].map((partition) => ({
    partition,
    firstSequence: partition * 7,
    messages: messages.filter((_, index) => index % 3 === partition),
  }));
  const { request } = produce.protocol({ version: 3 })({
    acks: -1,
    timeout: 30_000,
    compression,
    topicData: [
      { topic: 'asleep.webhooks.v1', partitions },
      { topic: 'asleep.webhooks.dlq.v1', partitions: partitions.slice(0, 1) },
    ],
    transactionalId: null,
    producerId: Long.fromInt(42),
    producerEpoch: 3,
  });
  return (await frame({ correlationId: 9, clientId: 'spec', request })).buffer;
}

describe('kafkajs encoder patches', () => {
  it('computes CRC-32C natively as kafkajs does, also continued across pieces', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const original = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C') as (
      buffer: Buffer,
    ) => number;
    for (const size of [0, 1, 7, 8, 9, 4095, 20_000]) {
      const bytes = randomBytes(size);
      expect(crc32c(bytes)).toBe(original(bytes));
      expect(crc32c(bytes.subarray(size >> 1), crc32c(bytes.subarray(0, size >> 1)))).toBe(
        original(bytes),
      );
    }
  });
});

const messagesOf = (seed: number) =>
  Array.from({ length: 30 }, (_, index) => ({
    key: `user-${(index + seed) % 4}`,
    // Small, at the threshold, and large values, as Buffers and strings.
    value:
      index % 3 === 0
        ? randomBytes([10, 4096, 25_000][index % 9 === 0 ? 2 : index % 2])
        : 'x'.repeat(index * 300 + seed),
    headers: index % 5 === 0 ? { 'x-dlq-reason': 'schema-mismatch' } : undefined,
    timestamp: String(1_700_000_000_000 + index),
  }));

const patchedFlag = (load: (path: string) => unknown) =>
  (load('kafkajs/src/protocol/encoder') as { prototype: Record<symbol, unknown> }).prototype[
    Symbol.for('sleep-platform.kafkajs-encoder-speed')
  ];

/** The requests as kafkajs as published writes them, from a fresh copy of its modules. */
function references(batches: object[][], compression: number): Promise<Buffer[]> {
  return new Promise<Buffer[]>((done, fail) =>
    jest.isolateModules(() => {
      expect(patchedFlag(require)).toBeUndefined();
      Promise.all(batches.map((messages) => encodeProduce(require, messages, compression))).then(
        done,
        fail,
      );
    }),
  );
}

describe('kafkajs encoder patches on whole requests', () => {
  // 0: uncompressed; 1: gzip, kafkajs's one built-in codec (deterministic, like any codec here).
  it.each([0, 1])(
    'leaves the bytes of a Produce request (compression %i) exactly as unpatched kafkajs writes them',
    async (compression) => {
      const messages = messagesOf(0);
      const [reference] = await references([messages], compression);
      applyKafkajsEncoderPatches();
      expect(patchedFlag(require)).toBe(true);
      const patched = await encodeProduce(require, messages, compression);
      expect(patched.length).toBe(reference.length);
      expect(patched.equals(reference)).toBe(true);
    },
  );

  it('keeps requests compressed at the same time apart (each joins its records in its own buffer)', async () => {
    const batches = [1, 2, 3].map(messagesOf);
    const expected = await references(batches, 1);
    applyKafkajsEncoderPatches();
    for (let round = 0; round < 2; round++) {
      const patched = await Promise.all(
        batches.map((messages) => encodeProduce(require, messages, 1)),
      );
      patched.forEach((buffer, index) => expect(buffer.equals(expected[index])).toBe(true));
    }
  });
});
