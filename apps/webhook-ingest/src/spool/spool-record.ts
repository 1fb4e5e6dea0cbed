import { crc32 } from 'node:zlib';
import type { DurableRecord } from '../durability/durable-record';

/**
 * On disk: `[u32 body length][u32 CRC-32 of body][body]`, the body being
 * `[u8 version][u16 topic][topic][u16 key][key][u32 headers][headers JSON][value]`.
 * The length and checksum let a reader find the end of a write torn by a crash.
 */
const FRAME = 8;
const VERSION = 1;

export function encodeRecord(record: DurableRecord): Buffer {
  const topic = Buffer.from(record.topic);
  const key = Buffer.from(record.key);
  const headers = Buffer.from(record.headers ? JSON.stringify(record.headers) : '');
  const bodyLength =
    1 + 2 + topic.length + 2 + key.length + 4 + headers.length + record.value.length;
  const out = Buffer.allocUnsafe(FRAME + bodyLength);
  let at = FRAME;
  at = out.writeUInt8(VERSION, at);
  at = out.writeUInt16BE(topic.length, at);
  at += topic.copy(out, at);
  at = out.writeUInt16BE(key.length, at);
  at += key.copy(out, at);
  at = out.writeUInt32BE(headers.length, at);
  at += headers.copy(out, at);
  record.value.copy(out, at);
  out.writeUInt32BE(bodyLength, 0);
  out.writeUInt32BE(crc32(out.subarray(FRAME)), 4);
  return out;
}

export type Decoded =
  | { record: DurableRecord; size: number }
  | { incomplete: true }
  | { corrupt: true };

/** Decodes the record starting at `offset`: incomplete when the buffer ends inside it. */
export function decodeRecord(buffer: Buffer, offset: number): Decoded {
  if (buffer.length - offset < FRAME) return { incomplete: true };
  const bodyLength = buffer.readUInt32BE(offset);
  if (bodyLength < 9) return { corrupt: true };
  if (buffer.length - offset - FRAME < bodyLength) return { incomplete: true };
  const body = buffer.subarray(offset + FRAME, offset + FRAME + bodyLength);
  if (crc32(body) !== buffer.readUInt32BE(offset + 4) || body[0] !== VERSION)
    return { corrupt: true };
  try {
    let at = 1;
    const topicLength = body.readUInt16BE(at);
    const topic = body.toString('utf8', (at += 2), (at += topicLength));
    const keyLength = body.readUInt16BE(at);
    const key = body.toString('utf8', (at += 2), (at += keyLength));
    const headersLength = body.readUInt32BE(at);
    const headersText = body.toString('utf8', (at += 4), (at += headersLength));
    const headers = headersText ? (JSON.parse(headersText) as Record<string, string>) : undefined;
    // A copy: the read buffer is reused for the next chunk.
    const value = Buffer.from(body.subarray(at));
    return { record: { topic, key, value, ...(headers && { headers }) }, size: FRAME + bodyLength };
  } catch {
    return { corrupt: true };
  }
}
