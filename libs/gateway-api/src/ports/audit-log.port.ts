import type { AuditEntry, AuditEntryInput } from '@sleep/contracts';

/** Records who did what to whom, and how it ended; entries are never changed or removed. */
export interface AuditLog {
  record(entry: AuditEntryInput): Promise<void>;
}

export interface AuditQuery {
  /** Null: every tenant (operators only); platform-wide entries have none. */
  tenantId: string | null;
  /** An action or a dotted prefix of actions (`tenant` matches `tenant.key.rotate`). */
  action?: string;
  /** ISO instants: entries at or after `from`, before `to`. */
  from?: string;
  to?: string;
  limit: number;
  /** From the previous page's `nextCursor`: entries older than it. */
  cursor?: string;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  nextCursor: string | null;
}

/** The log as the gateway holds it: recorded by any procedure or job, read by `audit.list`. */
export interface AuditStore extends AuditLog {
  list(query: AuditQuery): Promise<AuditPage>;
}
