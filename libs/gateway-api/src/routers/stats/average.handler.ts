import type { AverageStatsResult } from '@sleep/contracts';
import { type AuthedContext, callerTenant, resolveSubject } from '../../auth/subject';
import { viaAsleep } from '../../errors/upstream-error';
import { spendAsleepBudget } from '../../middleware/rate-limit.middleware';
import type { AverageStatsInput } from './average.schema';

/**
 * Averages over a window in Asleep's A1 shape: from analytics-service's own nights, or from Asleep
 * when analytics cannot answer (it holds no night of the user, or it is unreachable), within the
 * tenant's budget of Asleep look-ups. Cached briefly: dashboards ask repeatedly.
 */
export async function averageStatsHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: AverageStatsInput;
}): Promise<AverageStatsResult> {
  const { deps } = ctx;
  const [user, tenant] = await Promise.all([
    resolveSubject(ctx, input.appUserId, 'read'),
    callerTenant(ctx),
  ]);
  const timezone = input.timezone ?? tenant.defaultTimezone;
  const key = [tenant.id, user.asleepUserId, input.startDate, input.endDate, timezone].join(
    '\u0000',
  );
  const cached = deps.statsCache.get(key);
  if (cached) return cached;
  const ours = await deps.analytics
    ?.average({
      tenantId: tenant.id,
      userId: user.asleepUserId,
      start_date: input.startDate,
      end_date: input.endDate,
      timezone,
    })
    .catch(() => null);
  if (ours) {
    deps.statsCache.set(key, ours);
    return ours;
  }
  await spendAsleepBudget(deps, tenant.id);
  const asleep = await deps.tenants.asleep(tenant.id);
  const stats = await viaAsleep('User', deps.settings.upstream, () =>
    asleep.getAverageStats(user.asleepUserId, {
      startDate: input.startDate,
      endDate: input.endDate,
      timezone,
    }),
  );
  deps.statsCache.set(key, stats);
  return stats;
}
