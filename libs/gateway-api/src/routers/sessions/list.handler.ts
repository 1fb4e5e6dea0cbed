import { type AuthedContext, callerTenant, resolveSubject } from '../../auth/subject';
import { viaAsleep } from '../../errors/upstream-error';
import { spendAsleepBudget } from '../../middleware/rate-limit.middleware';
import type { SessionListQuery } from '../../ports/sessions.port';
import type { ListSessionsInput, ListSessionsOutput } from './list.schema';
import { toSessionPage } from './session-page';

/**
 * A page of a user's nights from the store; from Asleep (S2) only while the store is
 * unreachable, within the tenant's budget of Asleep look-ups.
 */
export async function listSessionsHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: ListSessionsInput;
}): Promise<ListSessionsOutput> {
  const { deps } = ctx;
  const [user, tenant] = await Promise.all([
    resolveSubject(ctx, input.appUserId, 'read'),
    callerTenant(ctx),
  ]);
  const query: SessionListQuery = {
    tenantId: tenant.id,
    asleepUserId: user.asleepUserId,
    timezone: input.timezone ?? tenant.defaultTimezone,
    dateGte: input.dateGte,
    dateLte: input.dateLte,
    orderBy: input.orderBy,
    limit: input.limit,
    offset: input.offset,
  };
  try {
    return await deps.sessions.list(query);
  } catch (error) {
    deps.logger.warn(
      { err: error, tenantId: tenant.id },
      'session store unavailable; listing from Asleep',
    );
  }
  await spendAsleepBudget(deps, tenant.id);
  const asleep = await deps.tenants.asleep(tenant.id);
  const page = await viaAsleep('Sessions', deps.settings.upstream, () =>
    asleep.listSessions(user.asleepUserId, {
      timezone: query.timezone,
      dateGte: query.dateGte,
      dateLte: query.dateLte,
      orderBy: query.orderBy,
      limit: query.limit,
      offset: query.offset,
    }),
  );
  return toSessionPage(page, query);
}
