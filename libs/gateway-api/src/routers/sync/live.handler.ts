import { tracked } from '@trpc/server';
import type { AuthedContext } from '../../auth/subject';
import { gatewayError } from '../../errors/gateway-error';
import type { SyncLiveInput } from './live.schema';
import { visibleChanges } from './visible-changes';

const PAGE = 100;

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
  const filter = visibleChanges(principal, input.types);
  const lease = deps.streams.lease({
    principal,
    lifetime: await ctx.tokenLifetime(),
    asleepUserIds: await ownAsleepUserIds(ctx),
    signal,
  });
  try {
    let cursor = input.lastEventId ?? input.cursor ?? null;
    while (!lease.signal.aborted) {
      const page = await deps.changes.readAfter(principal.tenantId, cursor, PAGE, filter);
      if (page.status === 'resync')
        throw gatewayError(
          'PRECONDITION_FAILED',
          `Resync needed (${page.reason}): call sync.changes for the new cursor`,
        );
      for (const change of page.changes) yield tracked(change.cursor, change);
      cursor = page.cursor;
      if (!page.hasMore) await deps.changes.waitForAppend(principal.tenantId, lease.signal);
    }
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
