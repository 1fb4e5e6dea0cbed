import type { Message } from 'kafkajs';

/** Values are bytes as received (forwarded unchanged) or a string, usually JSON. */
export type OutgoingMessage = Pick<Message, 'key' | 'value' | 'headers' | 'timestamp'>;

export function isValidOutgoing(message: OutgoingMessage): boolean {
  return isBytesOrNull(message.value) && isBytesOrNull(message.key);
}

function isBytesOrNull(value: unknown): boolean {
  return value == null || typeof value === 'string' || Buffer.isBuffer(value);
}

function byteLength(value: Buffer | string | null | undefined): number {
  return value == null ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/** Approximate record size: key, value, headers and about 70 bytes of record overhead. */
export function sizeOf(message: OutgoingMessage): number {
  let size = byteLength(message.key) + byteLength(message.value) + 70;
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    size += name.length;
    for (const part of [value].flat()) size += byteLength(part as Buffer | string | undefined);
  }
  return size;
}
