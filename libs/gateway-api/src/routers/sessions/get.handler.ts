import type { SleepData } from '@sleep/contracts';
import { TRPCError } from '@trpc/server';
import { type AuthedContext, callerTenant, resolveSubject } from '../../auth/subject';
import { notFound } from '../../errors/gateway-error';
import { viaAsleep } from '../../errors/upstream-error';
import { spendAsleepBudget } from '../../middleware/rate-limit.middleware';
import type { GetSessionInput } from './get.schema';

/**
 * One night, rendered in the requested zone (the tenant's default otherwise): from the cache
 * when complete, else from session-service's store, else from Asleep behind the breaker (a
 * session not stored yet, or the store unreachable). Asking Asleep spends the tenant's budget
 * of such look-ups, and an id Asleep does not know is answered NOT_FOUND for a while without
 * asking again, so made-up ids cannot drain the tenant's Asleep quota.
 */
export async function getSessionHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: GetSessionInput;
}): Promise<SleepData> {
  const { deps } = ctx;
  const [user, tenant] = await Promise.all([
    resolveSubject(ctx, input.appUserId, 'read'),
    callerTenant(ctx),
  ]);
  const key = {
    tenantId: tenant.id,
    asleepUserId: user.asleepUserId,
    sessionId: input.sessionId,
    timezone: input.timezone ?? tenant.defaultTimezone,
  };
  const cached = deps.sessionCache.get(key);
  if (cached) return cached;

  let session: SleepData | null = null;
  try {
    session = await deps.sessions.get(key);
  } catch (error) {
    deps.logger.warn(
      { err: error, tenantId: tenant.id },
      'session store unavailable; asking Asleep',
    );
  }
  if (!session) {
    const unknownKey = [tenant.id, user.asleepUserId, input.sessionId].join('\u0000');
    if (deps.unknownSessions.get(unknownKey)) throw notFound('Session');
    await spendAsleepBudget(deps, tenant.id);
    const asleep = await deps.tenants.asleep(tenant.id);
    try {
      session = await viaAsleep('Session', deps.settings.upstream, () =>
        asleep.getSession(user.asleepUserId, input.sessionId, { timezone: key.timezone }),
      );
    } catch (error) {
      if (error instanceof TRPCError && error.code === 'NOT_FOUND')
        deps.unknownSessions.set(unknownKey, true);
      throw error;
    }
  }
  deps.sessionCache.offer(key, session);
  return session;
}
