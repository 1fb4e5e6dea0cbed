import { type AuthedContext, callerTenant } from '../../auth/subject';
import type { UsageInput, UsageOutput } from './usage.schema';

/** Daily calls, errors and mean latency per procedure of the caller's tenant (UTC days). */
export async function usageHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: UsageInput;
}): Promise<UsageOutput> {
  const tenant = await callerTenant(ctx);
  return { days: await ctx.deps.usage.daily(tenant.id, input.from, input.to) };
}
