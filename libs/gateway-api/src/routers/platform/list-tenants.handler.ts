import type { AuthedContext } from '../../auth/subject';
import type { ListTenantsOutput } from './list-tenants.schema';

export async function listTenantsHandler({
  ctx,
}: {
  ctx: AuthedContext;
}): Promise<ListTenantsOutput> {
  return { tenants: await ctx.deps.tenants.list() };
}
