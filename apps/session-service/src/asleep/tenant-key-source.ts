/**
 * Where the Asleep API key of a tenant comes from. Configuration for now (`ASLEEP_API_KEYS`); a
 * tenant registry can implement the same interface later.
 */
export interface TenantKeys {
  keyFor(tenantId: string): string | undefined;
}

export const TENANT_KEYS = Symbol('TENANT_KEYS');

export class ConfiguredTenantKeys implements TenantKeys {
  constructor(private readonly keys: ReadonlyMap<string, string>) {}

  keyFor(tenantId: string): string | undefined {
    return this.keys.get(tenantId);
  }
}
