import { type AuthedContext, callerTenant } from '../../auth/subject';
import type { ListUsersInput, ListUsersOutput } from './list.schema';

/** The tenant's app users, by app user id; analysts and admins only. */
export async function listUsersHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: ListUsersInput;
}): Promise<ListUsersOutput> {
  const tenant = await callerTenant(ctx);
  const page = await ctx.deps.users.list(tenant.id, { limit: input.limit, cursor: input.cursor });
  return {
    users: page.items.map(({ appUserId, asleepUserId, createdAt }) => ({
      appUserId,
      asleepUserId,
      createdAt,
    })),
    nextCursor: page.nextCursor,
  };
}
