import type { AsleepSessionListItem, SleepData, SortOrder } from '@sleep/contracts';
import type { SessionUser } from '@sleep/session-rpc';

export interface SessionRef {
  tenantId: string;
  asleepUserId: string;
  sessionId: string;
}

export interface SessionListQuery {
  tenantId: string;
  asleepUserId: string;
  /** IANA zone the datetimes are rendered in and the date filters are read in. */
  timezone: string;
  dateGte?: string;
  dateLte?: string;
  orderBy: SortOrder;
  limit: number;
  offset: number;
}

export interface SessionPage {
  timezone: string;
  sessions: AsleepSessionListItem[];
  /** Offset of the next page; null when this is the last one. */
  nextOffset: number | null;
}

/** Stored sessions, owned by session-service and reached over its internal RPC. */
export interface SessionStore {
  /** Null when the store does not hold the session (yet). */
  get(ref: SessionRef & { timezone: string }): Promise<SleepData | null>;
  list(query: SessionListQuery): Promise<SessionPage>;
  /** Deletes upstream and in the store; false when it was not there. */
  delete(ref: SessionRef): Promise<{ deleted: boolean }>;
  /** What session-service holds about a user (metadata, first and last seen); null: nothing. */
  user(ref: Omit<SessionRef, 'sessionId'>): Promise<SessionUser | null>;
}
