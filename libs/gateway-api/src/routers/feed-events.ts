import { gatewayError } from '../errors/gateway-error';
import {
  type AppendWaiter,
  type ChangeFilter,
  type ChangeLedger,
  ChangeLedgerClosedError,
  type LedgerChange,
} from '../ports/change-ledger.port';

const PAGE = 100;

/** A live stream's event with its id: the change's feed cursor. */
export interface FeedEvent<T> {
  id: string;
  data: T;
}

/**
 * A tenant's changes after `cursor` as they are appended, each as `toEvent` makes it (null: not
 * streamed) with the change's cursor as its id, so a client that reconnects with its last id, or
 * with a cursor of `sync.changes`, continues exactly after it, on any replica. A cursor the feed
 * no longer knows ends the stream with PRECONDITION_FAILED. Ends when `signal` aborts or the
 * ledger shuts down (the client resumes on another replica).
 */
export async function* feedEvents<T>(
  changes: ChangeLedger,
  query: { tenantId: string; cursor: string | null; filter: ChangeFilter; signal: AbortSignal },
  toEvent: (change: LedgerChange) => Promise<T | null> | T | null,
): AsyncGenerator<FeedEvent<T>> {
  let cursor = query.cursor;
  const appends = changes.appendWaiter(query.tenantId, query.filter.appUserId);
  while (!query.signal.aborted) {
    const page = await changes.readAfter(query.tenantId, cursor, PAGE, query.filter);
    if (page.status === 'resync')
      throw gatewayError(
        'PRECONDITION_FAILED',
        `Resync needed (${page.reason}): call sync.changes for the new cursor`,
      );
    for (const change of page.changes) {
      const data = await toEvent(change);
      if (data !== null) yield { id: change.cursor, data };
    }
    cursor = page.cursor;
    if (!page.hasMore && !(await nextAppend(appends, query.signal))) return;
  }
}

/** False when the ledger shuts down. */
async function nextAppend(appends: AppendWaiter, signal: AbortSignal): Promise<boolean> {
  try {
    await appends.next(signal);
    return true;
  } catch (error) {
    if (error instanceof ChangeLedgerClosedError) return false;
    throw error;
  }
}
