import type { Change, ResyncReason, SyncChangesPage, SyncResync } from '@sleep/contracts';

/** A tenant's ledger as a reader needs it: which incarnation, how far written, how far swept. */
export interface LedgerState {
  /** Random per incarnation of the tenant's ledger: a re-created tenant's cursors never match. */
  epoch: string;
  /** The last sequence number written (0: none yet). */
  head: number;
  /** The last sequence number retention removed (0: none). */
  sweptThrough: number;
}

const CURSOR = /^([a-z0-9]{1,16})\.(\d{1,15})$/;

export const encodeCursor = (epoch: string, seq: number): string => `${epoch}.${seq}`;

function decodeCursor(cursor: string): { epoch: string; seq: number } | null {
  const match = CURSOR.exec(cursor);
  return match ? { epoch: match[1], seq: Number(match[2]) } : null;
}

/**
 * Where a read after `cursor` starts (changes with a greater sequence number), or why the
 * reader must resync: a cursor of another incarnation, or not issued yet, is unknown; one
 * before what retention removed has missed changes for good.
 */
export function readStart(
  cursor: string | null,
  ledger: LedgerState,
): { after: number } | { resync: ResyncReason } {
  if (cursor === null) return { after: 0 };
  const position = decodeCursor(cursor);
  if (!position || position.epoch !== ledger.epoch || position.seq > ledger.head)
    return { resync: 'cursor_unknown' };
  if (position.seq < ledger.sweptThrough) return { resync: 'cursor_expired' };
  return { after: position.seq };
}

/**
 * The cursor after a page. Every sequence number up to `headBeforeRead` was committed before the
 * page was read (writers commit in sequence order), so a page that ends the feed may move the
 * cursor to it even when a filter hid those changes: the next read starts there.
 */
export function cursorAfterPage(
  ledger: LedgerState,
  after: number,
  lastSeqOnPage: number | null,
  hasMore: boolean,
): string {
  const last = lastSeqOnPage ?? after;
  return encodeCursor(ledger.epoch, hasMore ? last : Math.max(last, ledger.head, after));
}

/**
 * The page after `cursor`, or the resync answer, whatever stores the ledger: `entriesAfter` reads
 * up to `count` of the reader's entries after a sequence number, oldest first.
 */
export async function readPage<E extends { seq: number }, C extends Change>(
  ledger: LedgerState,
  cursor: string | null,
  limit: number,
  entriesAfter: (after: number, count: number) => Promise<E[]>,
  changeOf: (entry: E) => C,
): Promise<(Omit<SyncChangesPage, 'changes'> & { changes: C[] }) | SyncResync> {
  const start = readStart(cursor, ledger);
  if ('resync' in start)
    return {
      status: 'resync',
      reason: start.resync,
      cursor: encodeCursor(ledger.epoch, ledger.head),
    };
  const entries = await entriesAfter(start.after, limit + 1);
  const page = entries.slice(0, limit);
  const hasMore = entries.length > limit;
  return {
    status: 'changes',
    changes: page.map(changeOf),
    cursor: cursorAfterPage(ledger, start.after, page.at(-1)?.seq ?? null, hasMore),
    hasMore,
  };
}
