import { tracked } from '@trpc/server';
import type { AuthedContext } from '../auth/subject';
import type { AppUser } from '../ports/users.port';
import type { LiveStreamKind } from '../services/open-streams';

/**
 * A live stream of `user`'s events as the caller may hold it open: within the stream caps, and
 * only until its token expires, a newer token of the caller carries another role, or the
 * watched user or the caller's own user is deleted; then it ends with the reason as its error.
 */
export async function* guardedStream<T>(
  ctx: AuthedContext,
  kind: LiveStreamKind,
  user: AppUser,
  signal: AbortSignal | undefined,
  events: (signal: AbortSignal) => AsyncIterable<{ id: string; data: T }>,
) {
  const { principal, deps } = ctx;
  const asleepUserIds = [user.asleepUserId];
  if (user.appUserId !== principal.appUserId) {
    const own = await deps.users.find(principal.tenantId, principal.appUserId);
    if (own) asleepUserIds.push(own.asleepUserId);
  }
  const lease = deps.streams.lease({
    kind,
    principal,
    lifetime: await ctx.tokenLifetime(),
    asleepUserIds,
    signal,
  });
  try {
    for await (const event of events(lease.signal)) yield tracked(event.id, event.data);
    const closedBy = lease.closedBy();
    if (closedBy) throw closedBy;
  } finally {
    lease.release();
  }
}
