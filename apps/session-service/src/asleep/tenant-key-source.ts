/**
 * Where the Asleep API key of a tenant comes from: the gateway's sealed announcements on
 * `platform.tenants.v1` (`SealedTenantKeys`); tests may pass another source.
 */
export interface TenantKeys {
  keyFor(tenantId: string): string | undefined;
}

export const TENANT_KEYS = Symbol('TENANT_KEYS');
