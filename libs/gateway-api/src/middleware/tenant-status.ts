import type { Principal } from '../auth/principal';
import { gatewayError } from '../errors/gateway-error';
import type { GatewayDeps } from '../ports/gateway-deps';

/**
 * A disabled tenant's users are refused with a clear error (their data is kept); operators,
 * who manage tenants, are not. The tenant is read from the directory's cache.
 */
export async function assertTenantServes(deps: GatewayDeps, principal: Principal): Promise<void> {
  if (principal.role === 'operator') return;
  const tenant = await deps.tenants.get(principal.tenantId);
  if (!tenant || tenant.status === 'active') return;
  throw gatewayError(
    'FORBIDDEN',
    tenant.status === 'disabled'
      ? 'This tenant is disabled; its administrators should contact the platform operator'
      : 'This tenant is being deleted',
  );
}
