import type { ChangeType } from '@sleep/contracts';
import { type AuthedContext, resolveSubject } from '../../auth/subject';
import type { LedgerChange } from '../../ports/change-ledger.port';
import type {
  InsightCreatedEvent,
  ReportCreatedEvent,
} from '../../schemas/analytics-live-event.schema';
import type { LiveStreamKind } from '../../services/open-streams';
import { feedEvents } from '../feed-events';
import { guardedStream } from '../guarded-stream';
import type { AnalyticsLiveInput } from './analytics-live.schema';

interface LiveArgs {
  ctx: AuthedContext;
  input: AnalyticsLiveInput;
  signal?: AbortSignal;
}

/** A `report.created` change of the feed, with its body, as `analytics.live.reports` streams it. */
export function reportCreatedOf(change: LedgerChange): ReportCreatedEvent | null {
  const { kind, periodKey } = change.data;
  if (change.type !== 'report.created' || !kind || periodKey === undefined) return null;
  return {
    reportId: change.subjectId,
    kind,
    periodKey,
    report: change.body ?? null,
    occurredAt: change.occurredAt,
  };
}

/** An `insight.created` change of the feed, with its body, as `analytics.live.insights` streams it. */
export function insightCreatedOf(change: LedgerChange): InsightCreatedEvent | null {
  const { rule, severity } = change.data;
  if (change.type !== 'insight.created' || rule === undefined || !severity) return null;
  return {
    insightId: change.subjectId,
    rule,
    severity,
    insight: change.body ?? null,
    occurredAt: change.occurredAt,
  };
}

/**
 * One user's new reports or insights (members: their own; analysts and admins: anyone of their
 * tenant) from the change feed, which keeps each one's body. Each event's id is its feed cursor,
 * so a reconnecting client resumes exactly after the last one it got, on any replica and across
 * restarts; `cursor` starts after a cursor of `sync.changes`; a cursor the feed no longer knows
 * ends the stream with PRECONDITION_FAILED.
 */
async function* streamOf<T>(
  kind: LiveStreamKind,
  type: ChangeType,
  toEvent: (change: LedgerChange) => T | null,
  { ctx, input, signal }: LiveArgs,
) {
  const user = await resolveSubject(ctx, input.appUserId, 'read');
  const cursor =
    input.lastEventId ?? input.cursor ?? (await ctx.deps.changes.headCursor(user.tenantId));
  yield* guardedStream(ctx, kind, user, signal, (guarded) =>
    feedEvents(
      ctx.deps.changes,
      {
        tenantId: user.tenantId,
        cursor,
        filter: { appUserId: user.appUserId, types: [type], withBodies: true },
        signal: guarded,
      },
      toEvent,
    ),
  );
}

export const liveReportsHandler = (args: LiveArgs) =>
  streamOf('reports', 'report.created', reportCreatedOf, args);
export const liveInsightsHandler = (args: LiveArgs) =>
  streamOf('insights', 'insight.created', insightCreatedOf, args);
