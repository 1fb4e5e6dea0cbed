import { actorOf } from '../../audit/audit-actor';
import { audited } from '../../audit/audited';
import { type AuthedContext, resolveSubject } from '../../auth/subject';
import { notFound } from '../../errors/gateway-error';
import { eraseSession } from '../../services/session-erasure';
import type { DeleteSessionInput, DeleteSessionOutput } from './delete.schema';

/** Deletes one night upstream, in the store and the cache; audited. */
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
  const { deleted } = await audited(
    ctx.deps,
    {
      tenantId: user.tenantId,
      actor: actorOf(ctx.principal),
      action: 'session.delete',
      target: { kind: 'session', id: input.sessionId },
      details: { appUserId: user.appUserId },
    },
    () => eraseSession(ctx.deps, ref),
    (result) => ({ deleted: result.deleted }),
  );
  if (!deleted) throw notFound('Session');
  return { sessionId: input.sessionId, deleted };
}
