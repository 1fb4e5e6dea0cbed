import type { OrgStatsResult } from '@sleep/analytics-rpc';
import { orgPeriodDays } from '@sleep/contracts';
import type { AuthedContext } from '../../auth/subject';
import { gatewayError } from '../../errors/gateway-error';
import { minGroupSizeOf } from '../../services/org-settings';
import type { OrgBreakdownInput, OrgStatsInput } from './org.schema';

type Args<I> = { ctx: AuthedContext; input: I };

async function orgStats(
  ctx: AuthedContext,
  input: OrgStatsInput,
  dimensions: string[],
): Promise<OrgStatsResult> {
  const analytics = ctx.deps.analytics;
  if (!analytics)
    throw gatewayError('SERVICE_UNAVAILABLE', 'Analytics are unavailable; try again later', {
      retryAfterMs: 2_000,
    });
  const { tenantId } = ctx.principal;
  return analytics.orgStats({
    tenantId,
    ...orgPeriodDays(input.period, input.from, input.to),
    dimensions,
    minGroupSize: await minGroupSizeOf(ctx.deps, tenantId),
  });
}

/** The caller's tenant as a whole (analysts and admins: the procedure's roles). */
export function orgStatsHandler({ ctx, input }: Args<OrgStatsInput>): Promise<OrgStatsResult> {
  return orgStats(ctx, input, []);
}

/** The caller's tenant by one or two dimensions, k-anonymous. */
export function orgBreakdownHandler({
  ctx,
  input,
}: Args<OrgBreakdownInput>): Promise<OrgStatsResult> {
  const { dimensions, ...period } = input;
  return orgStats(ctx, period, dimensions);
}
