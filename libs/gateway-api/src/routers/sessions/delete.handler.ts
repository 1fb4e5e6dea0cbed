import { type AuthedContext, resolveSubject } from '../../auth/subject';
import { notFound } from '../../errors/gateway-error';
import type { DeleteSessionInput, DeleteSessionOutput } from './delete.schema';

/** Deletes one night upstream and in the store (session-service does both), then from the cache. */
export async function deleteSessionHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: DeleteSessionInput;
}): Promise<DeleteSessionOutput> {
  const user = await resolveSubject(ctx, input.appUserId, 'write');
  const ref = {
    tenantId: user.tenantId,
    asleepUserId: user.asleepUserId,
    sessionId: input.sessionId,
  };
  const { deleted } = await ctx.deps.sessions.delete(ref);
  ctx.deps.sessionCache.forgetSession(ref.tenantId, ref.asleepUserId, ref.sessionId);
  if (!deleted) throw notFound('Session');
  return { sessionId: input.sessionId, deleted };
}
