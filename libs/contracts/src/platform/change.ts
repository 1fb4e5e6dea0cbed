import { z } from 'zod';
import { OffsetDateTimeSchema } from '../asleep/common';
import { SessionStateSchema } from '../asleep/enums';

/** What happened to a tenant's data, as the change feed and outbound webhooks name it. */
export const ChangeTypeSchema = z.enum([
  'session.progressed',
  'session.completed',
  'session.deleted',
  'report.created',
  'insight.created',
  'user.deleted',
]);
export type ChangeType = z.infer<typeof ChangeTypeSchema>;

/**
 * Where a reader stands in its tenant's feed: opaque to clients (today `<ledger epoch>.<sequence>`).
 * A cursor is only meaningful in the tenant that issued it.
 */
export const ChangeCursorSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'A cursor is the opaque string a previous answer returned');
export type ChangeCursor = z.infer<typeof ChangeCursorSchema>;

/**
 * Ids, state and counters only: what changed, never the health data itself (read that through
 * `sessions.get`, `analytics.reports.get`, `analytics.insights`). Fields appear by change type.
 */
export const ChangeDataSchema = z.object({
  /** session.*: the session's change counter (1 for its first stored change, +1 per later one). */
  version: z.int().positive().optional(),
  /** session.progressed / session.completed. */
  state: SessionStateSchema.optional(),
  /** session.progressed / session.completed: epochs (30 s each) analysed so far. */
  analysedEpochs: z.int().min(0).nullable().optional(),
  /** report.created. */
  kind: z.enum(['week', 'month']).optional(),
  /** report.created: `2026-W49`, `2026-12`. */
  periodKey: z.string().max(20).optional(),
  /** insight.created. */
  rule: z.string().max(100).optional(),
  severity: z.enum(['info', 'notice', 'warning']).optional(),
});
export type ChangeData = z.infer<typeof ChangeDataSchema>;

/** One entry of a tenant's change feed, in the feed's total order. */
export const ChangeSchema = z.object({
  /** Pass back as `cursor` to read what came after this change. */
  cursor: ChangeCursorSchema,
  type: ChangeTypeSchema,
  /** The app user the change is about, by the tenant's own id for them. */
  userId: z.string().min(1).max(128),
  /** The session, report or insight id; the app user id for `user.deleted`. */
  subjectId: z.string().min(1).max(300),
  occurredAt: OffsetDateTimeSchema,
  data: ChangeDataSchema,
});
export type Change = z.infer<typeof ChangeSchema>;

export const SYNC_CHANGES_MAX_LIMIT = 500;

export const SyncChangesInputSchema = z
  .object({
    /** From a previous answer; omitted: from the oldest change still kept. */
    cursor: ChangeCursorSchema.optional(),
    limit: z.int().min(1).max(SYNC_CHANGES_MAX_LIMIT).default(100),
    /** Only these types; omitted: all. */
    types: z.array(ChangeTypeSchema).min(1).max(6).optional(),
  })
  .default({ limit: 100 });
export type SyncChangesInput = z.infer<typeof SyncChangesInputSchema>;

/**
 * Why a reader must rebuild its copy from the regular queries: its cursor is older than the
 * feed's retention (`cursor_expired`), or not one this tenant's feed issued (`cursor_unknown`).
 */
export const ResyncReasonSchema = z.enum(['cursor_expired', 'cursor_unknown']);
export type ResyncReason = z.infer<typeof ResyncReasonSchema>;

export const SyncChangesPageSchema = z.object({
  status: z.literal('changes'),
  /** Oldest first; may be empty. */
  changes: z.array(ChangeSchema),
  /** Pass back next time; the same cursor when nothing was new. */
  cursor: ChangeCursorSchema,
  /** More changes are waiting: ask again at once. */
  hasMore: z.boolean(),
});
export type SyncChangesPage = z.infer<typeof SyncChangesPageSchema>;

export const SyncResyncSchema = z.object({
  status: z.literal('resync'),
  reason: ResyncReasonSchema,
  /**
   * The feed's head now: rebuild from the regular queries, then read changes after this cursor
   * (changes made during the rebuild come again; applying them twice is harmless).
   */
  cursor: ChangeCursorSchema,
});
export type SyncResync = z.infer<typeof SyncResyncSchema>;

export const SyncChangesResultSchema = z.discriminatedUnion('status', [
  SyncChangesPageSchema,
  SyncResyncSchema,
]);
export type SyncChangesResult = z.infer<typeof SyncChangesResultSchema>;
