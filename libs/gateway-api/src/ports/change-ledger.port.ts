import type { Change, ChangeData, ChangeType, SyncChangesPage, SyncResync } from '@sleep/contracts';

/** A change as its writer knows it: by the Asleep user id of the event it comes from. */
export interface ChangeToAppend {
  tenantId: string;
  asleepUserId: string;
  type: Exclude<ChangeType, 'user.deleted'>;
  subjectId: string;
  occurredAt: string;
  data: ChangeData;
  /**
   * The same for every delivery of one source event (its topic and event id): a change is
   * appended once however often its event is redelivered, by however many writers.
   */
  dedupeKey: string;
  /**
   * `report.created` / `insight.created`: the report or insight as analytics-service published
   * it, kept beside the change for `analytics.live.*` (never part of the change itself).
   */
  body?: ChangeBody;
}

/** A report or insight as analytics-service serves it. */
export type ChangeBody = Record<string, unknown>;

export interface ChangeFilter {
  types?: readonly ChangeType[];
  /** Only this app user's changes (a member's own). */
  appUserId?: string;
  /** Also the body kept beside each change (null when none was), for streams that carry it. */
  withBodies?: boolean;
}

/** A change as the ledger keeps it: with its body when the reader asked for bodies. */
export interface LedgerChange extends Change {
  body?: ChangeBody | null;
}

/** A page of `readAfter`: `sync.changes`'s, its changes with bodies when asked. */
export interface LedgerPage extends Omit<SyncChangesPage, 'changes'> {
  changes: LedgerChange[];
}

/**
 * Every change to a tenant's data, in one total order per tenant, kept durably for a retention
 * window. A change is visible to readers only once every change before it in that order is.
 */
export interface ChangeLedger {
  /**
   * Appends the change after every earlier one of its tenant; null when it was appended before,
   * or its user is unknown to the gateway or erased (nothing to tell).
   */
  append(change: ChangeToAppend): Promise<Change | null>;
  /**
   * Appends consumed changes as `append` does one by one, each tenant's in the order given and
   * in one write; answers those appended, in each tenant's order.
   */
  appendAll(changes: readonly ChangeToAppend[]): Promise<Change[]>;
  /** Changes after `cursor` (null: from the oldest kept), oldest first, at most `limit`. */
  readAfter(
    tenantId: string,
    cursor: string | null,
    limit: number,
    filter?: ChangeFilter,
  ): Promise<LedgerPage | SyncResync>;
  /** The cursor of the tenant's newest change: reading after it starts from now on. */
  headCursor(tenantId: string): Promise<string>;
  /**
   * Erasure: removes the user's changes and appends `user.deleted` (ids only) in their place;
   * nothing of theirs is appended afterwards. Idempotent.
   */
  eraseUser(user: {
    tenantId: string;
    appUserId: string;
    asleepUserId: string;
    occurredAt: string;
  }): Promise<void>;
  /** Changes older than `before` go; cursors before them are answered `cursor_expired`. */
  sweep(before: Date): Promise<{ removed: number }>;
  /** The whole ledger of a deleted tenant; its cursors become unknown. */
  removeTenant(tenantId: string): Promise<void>;
  /**
   * Waits for the tenant's appends from the moment it is made: taken before a stream's first read,
   * so an append committed while the stream reads is not missed by its next wait. Given an app
   * user, it may skip appends that held none of that user's changes (a stream of theirs only).
   */
  appendWaiter(tenantId: string, appUserId?: string): AppendWaiter;
}

export interface AppendWaiter {
  /**
   * Resolves when a change of the tenant may have been appended since the waiter was made or
   * `next` last resolved (at once if that already happened; else at once on this replica, within
   * a poll interval on others), or when `signal` aborts. Rejects with ChangeLedgerClosedError once
   * the ledger shuts down: live streams end, and their clients resume on another replica.
   */
  next(signal: AbortSignal): Promise<void>;
}

/** The ledger is shutting down: nothing more to wait for here. */
export class ChangeLedgerClosedError extends Error {
  override readonly name = 'ChangeLedgerClosedError';
  constructor() {
    super('The change ledger is closing');
  }
}
