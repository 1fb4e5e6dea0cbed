import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 (the Java client's `Utils.murmur2`, hence kafkajs's DefaultPartitioner) in
 * 32-bit integer arithmetic. kafkajs computes it with 64-bit Long objects, several allocations
 * per 4 bytes of key, although only the low 32 bits ever reach the result: Math.imul gives the
 * same bits.
 */
export function murmur2(key: Buffer | string): number {
  const data = Buffer.isBuffer(key) ? key : Buffer.from(String(key));
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & 3;
  if (tail === 3) h ^= data[whole + 2] << 16;
  if (tail >= 2) h ^= data[whole + 1] << 8;
  if (tail >= 1) h = Math.imul(h ^ data[whole], M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * kafkajs's DefaultPartitioner (same partition for every key, same round-robin without one)
 * with the hash above.
 */
export const DefaultPartitioner: ICustomPartitioner = (
  require('kafkajs/src/producer/partitioners/legacy/partitioner') as (
    hash: (key: Buffer | string) => number,
  ) => ICustomPartitioner
)(murmur2);
