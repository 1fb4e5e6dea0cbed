import { actorOf } from '../../audit/audit-actor';
import { audited } from '../../audit/audited';
import { type AuthedContext, resolveSubject } from '../../auth/subject';
import { eraseUser } from '../../services/user-erasure';
import type { DeleteUserInput, DeleteUserOutput } from './delete.schema';

/** Erases the user everywhere (Asleep, every store through `sleep.users.v1`, the mapping); audited. */
export async function deleteUserHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: DeleteUserInput;
}): Promise<DeleteUserOutput> {
  const { deps, principal } = ctx;
  const user = await resolveSubject(ctx, input.appUserId, 'write');
  await audited(
    deps,
    {
      tenantId: user.tenantId,
      actor: actorOf(principal),
      action: 'user.delete',
      target: { kind: 'user', id: user.appUserId },
      details: { asleepUserId: user.asleepUserId },
    },
    () => eraseUser(deps, user, principal),
  );
  return { appUserId: user.appUserId, asleepUserId: user.asleepUserId, deleted: true };
}
