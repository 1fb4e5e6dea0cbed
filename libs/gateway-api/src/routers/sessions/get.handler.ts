import type { SleepData } from '@sleep/contracts';
import { type AuthedContext, callerTenant, resolveSubject } from '../../auth/subject';
import { viaAsleep } from '../../errors/upstream-error';
import type { GetSessionInput } from './get.schema';

/**
 * One night, rendered in the requested zone (the tenant's default otherwise): from the cache
 * when complete, else from session-service's store, else from Asleep behind the breaker (a
 * session not stored yet, or the store unreachable).
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
    const asleep = await deps.tenants.asleep(tenant.id);
    session = await viaAsleep('Session', deps.settings.upstream, () =>
      asleep.getSession(user.asleepUserId, input.sessionId, { timezone: key.timezone }),
    );
  }
  deps.sessionCache.offer(key, session);
  return session;
}
