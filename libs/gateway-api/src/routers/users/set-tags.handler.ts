import { type AuthedContext, resolveSubject } from '../../auth/subject';
import { gatewayError, notFound } from '../../errors/gateway-error';
import { viaAsleep } from '../../errors/upstream-error';
import type { SetUserTagsInput, SetUserTagsOutput } from './set-tags.schema';

/**
 * Replaces a user's tags (admins: the procedure's role), then republishes the user's whole
 * profile (Asleep's metadata and the tags) so analytics groups them by it. A failed publish is
 * an error to retry: the tags are the gateway's own, nothing else would carry them.
 */
export async function setUserTagsHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: SetUserTagsInput;
}): Promise<SetUserTagsOutput> {
  const user = await resolveSubject(ctx, input.appUserId, 'write');
  const asleep = await ctx.deps.tenants.asleep(user.tenantId);
  const upstream = await viaAsleep('User', ctx.deps.settings.upstream, () =>
    asleep.getUser(user.asleepUserId),
  );
  const tagged = await ctx.deps.users.setTags(user.tenantId, user.appUserId, [...input.tags]);
  if (!tagged) throw notFound('User');
  await ctx.deps.userEvents.upserted(tagged, upstream.metadata).catch((error: unknown) => {
    ctx.deps.logger.warn({ err: error, tenantId: user.tenantId }, 'user tags not published');
    throw gatewayError('SERVICE_UNAVAILABLE', 'Tags stored but not yet published; try again', {
      retryAfterMs: 2_000,
    });
  });
  return { appUserId: tagged.appUserId, tags: tagged.tags ?? [] };
}
