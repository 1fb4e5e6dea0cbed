import { constants } from 'node:fs';
import {
  open,
  readdir,
  readFile,
  truncate,
  unlink,
  writeFile,
  type FileHandle,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { DurableRecord } from '../durability/durable-record';
import { decodeRecord } from './spool-record';

/** One append-only file of the spool. `size` and `records` count only what was fsynced. */
export interface Segment {
  seq: number;
  path: string;
  size: number;
  records: number;
  /** Open for appending while this is the newest segment. */
  handle?: FileHandle;
}

const NAME = /^(\d{12})\.spool$/;
const nameOf = (seq: number) => `${String(seq).padStart(12, '0')}.spool`;

export interface ScanResult {
  segments: Segment[];
  /** Bytes cut from segment ends that did not hold a whole, intact record. */
  repairedBytes: number;
}

/**
 * Finds the segments left by earlier runs, oldest first, and cuts each after its last intact
 * record. A torn tail is a write that crashed before its fsync, so it was never acknowledged.
 */
export async function scanSegments(dir: string): Promise<ScanResult> {
  const names = (await readdir(dir)).filter((name) => NAME.test(name)).sort();
  const segments: Segment[] = [];
  let repairedBytes = 0;
  for (const name of names) {
    const path = join(dir, name);
    const buffer = await readFile(path);
    let size = 0;
    let records = 0;
    for (;;) {
      const decoded = decodeRecord(buffer, size);
      if (!('record' in decoded)) break;
      size += decoded.size;
      records += 1;
    }
    if (size < buffer.length) {
      await truncate(path, size);
      repairedBytes += buffer.length - size;
    }
    segments.push({ seq: Number(name.slice(0, 12)), path, size, records });
  }
  return { segments, repairedBytes };
}

/** Creates the next segment and makes its directory entry durable before anything relies on it. */
export async function createSegment(
  dir: string,
  seq: number,
): Promise<{ segment: Segment; handle: FileHandle }> {
  const path = join(dir, nameOf(seq));
  const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
  try {
    await syncDirectory(dir);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return { segment: { seq, path, size: 0, records: 0, handle }, handle };
}

export async function probeDirectory(dir: string): Promise<void> {
  const path = join(dir, '.probe');
  await writeFile(path, 'probe', { flush: true });
  await unlink(path);
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeAt(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(
      data,
      written,
      data.length - written,
      position + written,
    );
    written += bytesWritten;
  }
}

export interface ReadResult {
  records: DurableRecord[];
  /** Offset just after the last record returned. */
  end: number;
  corrupt: boolean;
}

/** Whole records from `offset` up to the durable end of the segment, about `maxBytes` of them. */
export async function readRecords(
  segment: Segment,
  offset: number,
  maxRecords: number,
  maxBytes: number,
): Promise<ReadResult> {
  const length = Math.min(segment.size - offset, Math.max(maxBytes, 1024 * 1024));
  if (length <= 0) return { records: [], end: offset, corrupt: false };
  const buffer = Buffer.allocUnsafe(length);
  const handle = await open(segment.path, 'r');
  try {
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    const records: DurableRecord[] = [];
    let at = 0;
    const view = buffer.subarray(0, bytesRead);
    while (records.length < maxRecords) {
      const decoded = decodeRecord(view, at);
      if ('corrupt' in decoded) return { records, end: offset + at, corrupt: true };
      if ('incomplete' in decoded || (records.length > 0 && at + decoded.size > maxBytes)) break;
      records.push(decoded.record);
      at += decoded.size;
    }
    return { records, end: offset + at, corrupt: false };
  } finally {
    await handle.close();
  }
}
