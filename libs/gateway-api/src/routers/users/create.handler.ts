import { assertMayAccess, type AuthedContext, callerTenant } from '../../auth/subject';
import { AlreadyExistsError } from '../../errors/already-exists';
import { gatewayError } from '../../errors/gateway-error';
import { viaAsleep } from '../../errors/upstream-error';
import type { AppUser } from '../../ports/users.port';
import type { AppUserView } from '../../schemas/views.schema';
import type { CreateUserInput } from './create.schema';

const alreadyMapped = () => gatewayError('CONFLICT', 'This app user already has an Asleep user');

/**
 * Creates the Asleep user (Asleep contract U1, never retried: every POST mints a user), stores
 * the mapping, then announces the user on `sleep.users.v1`.
 */
export async function createUserHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: CreateUserInput;
}): Promise<AppUserView> {
  const { deps, principal } = ctx;
  const appUserId = input.appUserId ?? principal.appUserId;
  assertMayAccess(principal, appUserId, 'write');
  const tenant = await callerTenant(ctx);
  if (await deps.users.find(tenant.id, appUserId)) throw alreadyMapped();

  const asleep = await deps.tenants.asleep(tenant.id);
  const metadata = input.metadata ?? null;
  const { user_id } = await viaAsleep('User', deps.settings.upstream, () =>
    asleep.createUser({ metadata }),
  );
  const user: AppUser = {
    tenantId: tenant.id,
    appUserId,
    asleepUserId: user_id,
    createdAt: new Date().toISOString(),
  };
  try {
    await deps.users.add(user);
  } catch (error) {
    // A concurrent create won the race: the Asleep user minted here would be an orphan.
    await asleep.deleteUser(user_id).catch((cause: unknown) => {
      deps.logger.warn(
        { err: cause, tenantId: tenant.id },
        'could not delete an orphaned Asleep user',
      );
    });
    if (error instanceof AlreadyExistsError) throw alreadyMapped();
    throw error;
  }
  try {
    await deps.userEvents.upserted(user, metadata);
  } catch (error) {
    // The mapping is stored and unannounced users are announced again later, so the call succeeded.
    deps.logger.warn(
      { err: error, tenantId: tenant.id },
      'user event not yet published; will be retried',
    );
  }
  return { appUserId, asleepUserId: user_id, createdAt: user.createdAt };
}
