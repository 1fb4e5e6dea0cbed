import type { Epoch } from '../domain/night';

/**
 * Timelines are stored compactly: one byte per epoch for stages (value + 1, so -1..3 is 0..4) and
 * snoring (0/1), four bytes per epoch for breathing (its coding is undocumented: any integer).
 * An epoch not received yet is 0xFF, or INT32_MIN for breathing.
 */
const UNKNOWN_BYTE = 0xff;
const UNKNOWN_INT = -0x80000000;

export function encodeStages(values: readonly Epoch[] | null, offset: number): Buffer | null {
  if (values === null) return null;
  const bytes = Buffer.allocUnsafe(values.length);
  values.forEach((value, i) => (bytes[i] = value === null ? UNKNOWN_BYTE : value + offset));
  return bytes;
}

export function decodeStages(bytes: Uint8Array | null, offset: number): Epoch[] | null {
  if (bytes === null) return null;
  const values = new Array<Epoch>(bytes.length);
  for (let i = 0; i < bytes.length; i++)
    values[i] = bytes[i] === UNKNOWN_BYTE ? null : bytes[i] - offset;
  return values;
}

export function encodeInts(values: readonly Epoch[] | null): Buffer | null {
  if (values === null) return null;
  const bytes = Buffer.allocUnsafe(values.length * 4);
  values.forEach((value, i) => bytes.writeInt32LE(value === null ? UNKNOWN_INT : value, i * 4));
  return bytes;
}

export function decodeInts(bytes: Uint8Array | null): Epoch[] | null {
  if (bytes === null) return null;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Array<Epoch>(view.length / 4);
  for (let i = 0; i < values.length; i++) {
    const value = view.readInt32LE(i * 4);
    values[i] = value === UNKNOWN_INT ? null : value;
  }
  return values;
}

/** Sleep stages: -1..3 stored as 0..4. */
export const SLEEP_OFFSET = 1;
/** Snoring flags: 0/1 stored as is. */
export const SNORING_OFFSET = 0;
