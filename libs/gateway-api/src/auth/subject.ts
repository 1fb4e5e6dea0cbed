import type { Context } from '../context';
import { forbidden, notFound } from '../errors/gateway-error';
import type { Tenant } from '../ports/tenants.port';
import type { AppUser } from '../ports/users.port';
import type { Principal } from './principal';

export type AuthedContext = Context & { principal: Principal };

/** read: look at data; write: change or delete it. */
export type Intent = 'read' | 'write';

/**
 * Whose data a call may touch (OWASP API1, object-level authorization): a member only their
 * own; an analyst reads anyone of the tenant; an admin reads and changes anyone of the tenant;
 * an operator nobody's. Decided from the token alone, before any lookup, so a refusal never
 * tells whether the other user exists.
 */
export function assertMayAccess(principal: Principal, appUserId: string, intent: Intent): void {
  if (principal.role === 'operator') throw forbidden('Operators do not access sleep data');
  if (appUserId === principal.appUserId) return;
  const allowed = principal.role === 'admin' || (intent === 'read' && principal.role === 'analyst');
  if (!allowed)
    throw forbidden(
      `A ${principal.role} may only ${intent === 'read' ? 'read' : 'change'} their own data`,
    );
}

/** The app user a call targets (the caller by default), looked up only inside the caller's tenant. */
export async function resolveSubject(
  ctx: AuthedContext,
  appUserId: string | undefined,
  intent: Intent,
): Promise<AppUser> {
  const target = appUserId ?? ctx.principal.appUserId;
  assertMayAccess(ctx.principal, target, intent);
  const user = await ctx.deps.users.find(ctx.principal.tenantId, target);
  if (!user) throw notFound('User');
  return user;
}

/** The caller's tenant; its absence means the token names a tenant that was never created. */
export async function callerTenant(ctx: AuthedContext): Promise<Tenant> {
  const tenant = await ctx.deps.tenants.get(ctx.principal.tenantId);
  if (!tenant) throw notFound('Tenant');
  return tenant;
}
