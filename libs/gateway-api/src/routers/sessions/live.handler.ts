import { type AuthedContext, resolveSubject } from '../../auth/subject';
import { guardedStream } from '../guarded-stream';
import type { LiveSessionsInput } from './live.schema';

/**
 * A user's nights as they happen: progress while each window is analysed, then completion.
 * Each event carries its id, so a reconnecting client resumes after the last one it got.
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
  yield* guardedStream(ctx, user, signal, (guarded) =>
    ctx.deps.live.stream({
      tenantId: user.tenantId,
      asleepUserId: user.asleepUserId,
      lastEventId: input.lastEventId,
      signal: guarded,
    }),
  );
}
