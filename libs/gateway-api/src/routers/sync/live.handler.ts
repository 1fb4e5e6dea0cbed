import { tracked } from '@trpc/server';
import type { AuthedContext } from '../../auth/subject';
import { feedEvents } from '../feed-events';
import type { SyncLiveInput } from './live.schema';
import { visibleChanges } from './visible-changes';

/**
 * The caller's changes as they are appended, each with its cursor as the event id: a client that
 * reconnects (`lastEventId`) continues exactly after the last change it got, on any replica.
 * A cursor the feed no longer knows ends the stream with PRECONDITION_FAILED; `sync.changes`
 * then answers `resync` with the reason.
 */
export async function* syncLiveHandler({
  ctx,
  input,
  signal,
}: {
  ctx: AuthedContext;
  input: SyncLiveInput;
  signal?: AbortSignal;
}) {
  const { principal, deps } = ctx;
  const lease = deps.streams.lease({
    kind: 'changes',
    principal,
    lifetime: await ctx.tokenLifetime(),
    asleepUserIds: await ownAsleepUserIds(ctx),
    signal,
  });
  try {
    const changes = feedEvents(
      deps.changes,
      {
        tenantId: principal.tenantId,
        cursor: input.lastEventId ?? input.cursor ?? null,
        filter: visibleChanges(principal, input.types),
        signal: lease.signal,
      },
      (change) => change,
    );
    for await (const change of changes) yield tracked(change.id, change.data);
    const closedBy = lease.closedBy();
    if (closedBy) throw closedBy;
  } finally {
    lease.release();
  }
}

/** The caller's own Asleep user, so their stream ends when that user is deleted. */
async function ownAsleepUserIds(ctx: AuthedContext): Promise<string[]> {
  const own = await ctx.deps.users.find(ctx.principal.tenantId, ctx.principal.appUserId);
  return own ? [own.asleepUserId] : [];
}
