import { type AuthedContext, resolveSubject } from '../../auth/subject';
import { viaAsleep } from '../../errors/upstream-error';
import type { UserProfile } from '../../schemas/views.schema';
import type { GetUserInput } from './get.schema';

/** The user with what Asleep holds for them (Asleep contract U2). */
export async function getUserHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: GetUserInput;
}): Promise<UserProfile> {
  const user = await resolveSubject(ctx, input.appUserId, 'read');
  const asleep = await ctx.deps.tenants.asleep(user.tenantId);
  const upstream = await viaAsleep('User', ctx.deps.settings.upstream, () =>
    asleep.getUser(user.asleepUserId),
  );
  return {
    appUserId: user.appUserId,
    asleepUserId: user.asleepUserId,
    createdAt: user.createdAt,
    toBeDeleted: upstream.to_be_deleted,
    metadata: upstream.metadata,
    lastSession: upstream.last_session_info,
  };
}
