import { type AuthedContext, resolveSubject } from '../../auth/subject';
import { viaAsleep } from '../../errors/upstream-error';
import type { UpdateUserInput, UpdateUserOutput } from './update.schema';

/** Replaces the user's metadata at Asleep (Asleep contract U3), then tells the other services. */
export async function updateUserHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: UpdateUserInput;
}): Promise<UpdateUserOutput> {
  const user = await resolveSubject(ctx, input.appUserId, 'write');
  const asleep = await ctx.deps.tenants.asleep(user.tenantId);
  const updated = await viaAsleep('User', ctx.deps.settings.upstream, () =>
    asleep.updateUser(user.asleepUserId, { metadata: input.metadata }),
  );
  // Asleep holds the truth already; a lost event only leaves other stores' copies stale.
  await ctx.deps.userEvents.upserted(user, updated.metadata).catch((error: unknown) => {
    ctx.deps.logger.warn(
      { err: error, tenantId: user.tenantId },
      'user update event not published',
    );
  });
  return { appUserId: user.appUserId, asleepUserId: user.asleepUserId, metadata: updated.metadata };
}
