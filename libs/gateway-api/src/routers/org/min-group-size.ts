import { MIN_ORG_GROUP_SIZE } from '@sleep/contracts';
import type { GatewayDeps } from '../../ports/gateway-deps';

/**
 * k of the tenant's k-anonymity: the one place every tenant statistic asks. The least allowed (5)
 * until tenants can set their own; a tenant may raise it, never lower it.
 */
export async function minGroupSizeOf(_deps: GatewayDeps, _tenantId: string): Promise<number> {
  return MIN_ORG_GROUP_SIZE;
}
