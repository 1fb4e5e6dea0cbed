import type { TenantState } from '@sleep/contracts';
import { openSealedSecret, SealedSecretError } from '@sleep/service-kit';
import type { TenantKeys } from './tenant-key-source';

export type SealedKeyOutcome = 'applied' | 'stale' | 'unopenable';

/**
 * Tenants' Asleep keys as the gateway announces them: sealed under TENANT_KEK with the tenant id
 * as associated data, opened here and kept in memory only. A key sealed for another tenant, or
 * under a KEK this service was not given, does not open and changes nothing.
 */
export class SealedTenantKeys implements TenantKeys {
  private readonly tenants = new Map<string, { revision: number; key?: string }>();

  constructor(private readonly keks: readonly Buffer[]) {}

  get size(): number {
    return this.tenants.size;
  }

  keyFor(tenantId: string): string | undefined {
    return this.tenants.get(tenantId)?.key;
  }

  /** A tenant's whole state; an older revision (a late or replayed record) changes nothing. */
  apply(state: TenantState): { outcome: SealedKeyOutcome; detail?: string } {
    const known = this.tenants.get(state.tenantId);
    if (known && known.revision > state.revision) return { outcome: 'stale' };
    if (!state.asleepApiKey) {
      this.tenants.set(state.tenantId, { revision: state.revision });
      return { outcome: 'applied' };
    }
    try {
      const key = openSealedSecret(state.asleepApiKey, this.keks, state.tenantId);
      this.tenants.set(state.tenantId, { revision: state.revision, key });
      return { outcome: 'applied' };
    } catch (error) {
      if (!(error instanceof SealedSecretError)) throw error;
      return { outcome: 'unopenable', detail: error.message };
    }
  }
}
