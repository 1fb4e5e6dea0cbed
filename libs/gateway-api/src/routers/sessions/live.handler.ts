import type { Change, ChangeType } from '@sleep/contracts';
import { type AuthedContext, resolveSubject } from '../../auth/subject';
import type { LiveSessionEvent } from '../../schemas/live-session-event.schema';
import { feedEvents } from '../feed-events';
import { guardedStream } from '../guarded-stream';
import type { LiveSessionsInput } from './live.schema';

const KIND_OF = {
  'session.progressed': 'progress',
  'session.completed': 'completed',
  'session.deleted': 'deleted',
} as const satisfies Partial<Record<ChangeType, LiveSessionEvent['kind']>>;

const SESSION_CHANGES = Object.keys(KIND_OF) as (keyof typeof KIND_OF)[];

/** A session change of the feed as `sessions.live` streams it. */
export function liveSessionEventOf(change: Change): LiveSessionEvent | null {
  if (!(change.type in KIND_OF) || change.data.version === undefined) return null;
  return {
    kind: KIND_OF[change.type as keyof typeof KIND_OF],
    sessionId: change.subjectId,
    state: change.data.state ?? null,
    analysedEpochs: change.data.analysedEpochs ?? null,
    version: change.data.version,
    occurredAt: change.occurredAt,
  };
}

/**
 * A user's nights as they happen: progress while each window is analysed, then completion, from
 * the change feed. Each event's id is its feed cursor, so a reconnecting client resumes exactly
 * after the last one it got, on any replica and across restarts; `cursor` starts after a cursor
 * of `sync.changes`.
 */
export async function* liveSessionsHandler({
  ctx,
  input,
  signal,
}: {
  ctx: AuthedContext;
  input: LiveSessionsInput;
  signal?: AbortSignal;
}) {
  const user = await resolveSubject(ctx, input.appUserId, 'read');
  const cursor =
    input.lastEventId ?? input.cursor ?? (await ctx.deps.changes.headCursor(user.tenantId));
  yield* guardedStream(ctx, 'sessions', user, signal, (guarded) =>
    feedEvents(
      ctx.deps.changes,
      {
        tenantId: user.tenantId,
        cursor,
        filter: { appUserId: user.appUserId, types: SESSION_CHANGES },
        signal: guarded,
      },
      liveSessionEventOf,
    ),
  );
}
