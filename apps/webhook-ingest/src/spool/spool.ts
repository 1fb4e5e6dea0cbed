import { type FileHandle, mkdir, unlink } from 'node:fs/promises';
import type { DurableRecord } from '../durability/durable-record';
import { reasonOf, SpoolFullError, SpoolUnavailableError } from './spool-errors';
import { encodeRecord } from './spool-record';
import {
  createSegment,
  probeDirectory,
  readRecords,
  scanSegments,
  writeAt,
  type Segment,
} from './spool-segment';

export interface SpoolOptions {
  dir: string;
  maxBytes: number;
  /** Size after which appends start a new file; consumed files are deleted whole. */
  segmentBytes?: number;
}

/** A position after some records of the oldest segment, handed back to `commit` once they are sent. */
export interface SpoolCursor {
  seq: number;
  end: number;
  count: number;
}

interface PendingAppend {
  data: Buffer;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Append-only, fsynced, size-capped storage for records Kafka could not take in time.
 * Appends arriving together share one write and one fsync (group commit); every change of
 * the files runs on one serial chain, so appends, commits and deletions never interleave.
 */
export class Spool {
  private segments: Segment[] = [];
  private head = 0;
  private storedRecords = 0;
  private storedBytes = 0;
  private pending: PendingAppend[] = [];
  private pendingRecords = 0;
  private pendingBytes = 0;
  private flushQueued = false;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;
  private lastFailure?: string;
  /** When the spool last went from empty to holding records (or was opened holding some). */
  private heldSince = Date.now();

  private constructor(readonly options: Required<SpoolOptions>) {}

  /** Opens the directory, repairs torn tails, and fails when it cannot be written. */
  static async open(options: SpoolOptions): Promise<{ spool: Spool; repairedBytes: number }> {
    const segmentBytes =
      options.segmentBytes ?? Math.min(8 * 1024 * 1024, Math.max(64 * 1024, options.maxBytes / 8));
    const spool = new Spool({ ...options, segmentBytes });
    await mkdir(options.dir, { recursive: true });
    await spool.probe();
    const { segments, repairedBytes } = await scanSegments(options.dir);
    spool.segments = segments;
    spool.storedRecords = segments.reduce((sum, s) => sum + s.records, 0);
    spool.storedBytes = segments.reduce((sum, s) => sum + s.size, 0);
    return { spool, repairedBytes };
  }

  /** Records not yet handed to Kafka, counting appends still on their way to disk. */
  get records(): number {
    return this.storedRecords + this.pendingRecords;
  }

  get bytes(): number {
    return this.storedBytes;
  }

  /** Seconds the spool has held records without emptying, an upper bound of its oldest record's age; 0 when empty. */
  ageSeconds(now = Date.now()): number {
    return this.records === 0 ? 0 : Math.max(0, now - this.heldSince) / 1000;
  }

  /** Why the last write failed, until one succeeds again. */
  get failure(): string | undefined {
    return this.lastFailure;
  }

  /** Resolves once the record is on disk (fsynced); rejects with SpoolFullError or SpoolUnavailableError. */
  append(record: DurableRecord): Promise<void> {
    if (this.closed) return Promise.reject(new SpoolUnavailableError('closed'));
    const data = encodeRecord(record);
    if (this.storedBytes + this.pendingBytes + data.length > this.options.maxBytes) {
      return Promise.reject(new SpoolFullError(this.options.maxBytes));
    }
    if (this.records === 0) this.heldSince = Date.now();
    this.pendingRecords += 1;
    this.pendingBytes += data.length;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ data, resolve, reject });
      if (!this.flushQueued) {
        this.flushQueued = true;
        void this.serial(() => this.flush());
      }
    });
  }

  /** The oldest records, in append order, at most `maxRecords` and about `maxBytes`. */
  async read(
    maxRecords: number,
    maxBytes: number,
  ): Promise<{ records: DurableRecord[]; cursor: SpoolCursor }> {
    const segment = this.segments[0];
    if (!segment) return { records: [], cursor: { seq: -1, end: 0, count: 0 } };
    const result = await readRecords(segment, this.head, maxRecords, maxBytes);
    // Checksummed at boot and fsynced since, so this is a disk fault: the rest of the file is lost.
    const end = result.corrupt ? segment.size : result.end;
    return {
      records: result.records,
      cursor: { seq: segment.seq, end, count: result.records.length },
    };
  }

  /** Forgets records that Kafka acknowledged, deleting every file read to its end. */
  commit(cursor: SpoolCursor): Promise<void> {
    return this.serial(async () => {
      const segment = this.segments[0];
      if (!segment || segment.seq !== cursor.seq) return;
      this.head = Math.max(this.head, cursor.end);
      this.storedRecords -= Math.min(cursor.count, segment.records);
      segment.records -= Math.min(cursor.count, segment.records);
      const newest = this.segments.length === 1;
      if (this.head < segment.size || (newest && this.pendingRecords > 0)) return;
      if (segment.handle) await segment.handle.close().catch(() => undefined);
      await unlink(segment.path).catch(() => undefined);
      this.segments.shift();
      this.storedBytes -= segment.size;
      this.storedRecords -= segment.records;
      this.head = 0;
    });
  }

  /** Writes and removes a probe file: the readiness check's proof that the disk still takes writes. */
  async probe(): Promise<void> {
    await probeDirectory(this.options.dir).catch((error: unknown) => {
      throw new SpoolUnavailableError(reasonOf(error), { cause: error });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.serial(async () => {
      for (const segment of this.segments) await segment.handle?.close().catch(() => undefined);
    });
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const batch = this.pending;
    this.pending = [];
    const data =
      batch.length === 1 ? batch[0].data : Buffer.concat(batch.map((entry) => entry.data));
    try {
      const { segment, handle } = await this.writableSegment(data.length);
      await writeAt(handle, data, segment.size);
      await handle.datasync();
      segment.size += data.length;
      segment.records += batch.length;
      this.storedRecords += batch.length;
      this.storedBytes += data.length;
      this.lastFailure = undefined;
      this.settle(batch, data.length);
    } catch (error) {
      this.lastFailure = reasonOf(error);
      await this.abandonNewest();
      this.settle(
        batch,
        data.length,
        new SpoolUnavailableError(this.lastFailure, { cause: error }),
      );
    }
  }

  private settle(batch: PendingAppend[], bytes: number, error?: Error): void {
    this.pendingRecords -= batch.length;
    this.pendingBytes -= bytes;
    for (const entry of batch) {
      if (error) entry.reject(error);
      else entry.resolve();
    }
  }

  private async writableSegment(bytes: number): Promise<{ segment: Segment; handle: FileHandle }> {
    const newest = this.segments[this.segments.length - 1];
    if (newest?.handle && (newest.size === 0 || newest.size + bytes <= this.options.segmentBytes)) {
      return { segment: newest, handle: newest.handle };
    }
    if (newest?.handle) {
      await newest.handle.close();
      newest.handle = undefined;
    }
    const { segment, handle } = await createSegment(this.options.dir, (newest?.seq ?? 0) + 1);
    this.segments.push(segment);
    return { segment, handle };
  }

  /** After a failed write: cut what may have reached the file and start a new file next time. */
  private async abandonNewest(): Promise<void> {
    const newest = this.segments[this.segments.length - 1];
    if (!newest?.handle) return;
    await newest.handle.truncate(newest.size).catch(() => undefined);
    await newest.handle.close().catch(() => undefined);
    newest.handle = undefined;
    if (newest.size === 0 && this.segments.length > 1) {
      this.segments.pop();
      await unlink(newest.path).catch(() => undefined);
    }
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.chain.then(step);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
