import { hash } from 'node:crypto';
import type { TenantState } from '@sleep/contracts';
import type { WebhookKeyRegistry } from '../auth/webhook-key-registry';

interface KeyOwner {
  tenantId: string;
  /** Null for a tenant's current key; a replaced key is accepted until then. */
  validUntilMs: number | null;
}

/**
 * The tenants' keys as the gateway announces them on `platform.tenants.v1`: SHA-256 digests,
 * never the keys. A lookup is one hash and one map access on the digest, so its time says
 * nothing about how close a presented key is to a real one.
 */
export class TenantKeyDirectory implements WebhookKeyRegistry {
  private readonly tenants = new Map<
    string,
    { revision: number; digests: string[]; refusal: string | undefined }
  >();
  private readonly owners = new Map<string, KeyOwner>();

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.tenants.size;
  }

  /**
   * Applies a tenant's whole state; an older revision (a late or replayed record) changes
   * nothing. A deleted tenant's keys are forgotten, its revision kept so no older state revives it.
   */
  apply(state: TenantState): boolean {
    const known = this.tenants.get(state.tenantId);
    if (known && known.revision > state.revision) return false;
    for (const digest of known?.digests ?? []) {
      if (this.owners.get(digest)?.tenantId === state.tenantId) this.owners.delete(digest);
    }
    const keys = state.status === 'deleted' ? [] : state.webhookKeys;
    for (const { sha256, validUntil } of keys) {
      this.owners.set(sha256, {
        tenantId: state.tenantId,
        validUntilMs: validUntil === null ? null : Date.parse(validUntil),
      });
    }
    this.tenants.set(state.tenantId, {
      revision: state.revision,
      digests: keys.map((key) => key.sha256),
      refusal:
        state.status === 'disabled'
          ? `tenant disabled: ${state.statusReason ?? 'no reason given'}`
          : undefined,
    });
    return true;
  }

  refusalOf(tenantId: string): string | undefined {
    return this.tenants.get(tenantId)?.refusal;
  }

  tenantFor(apiKey: string): string | undefined {
    const owner = this.owners.get(hash('sha256', apiKey, 'hex'));
    if (!owner || (owner.validUntilMs !== null && owner.validUntilMs <= this.now()))
      return undefined;
    return owner.tenantId;
  }
}

/** Keys from configuration first, then the tenants' announced ones. */
export function firstMatch(...registries: WebhookKeyRegistry[]): WebhookKeyRegistry {
  return {
    tenantFor: (apiKey) => {
      for (const registry of registries) {
        const tenantId = registry.tenantFor(apiKey);
        if (tenantId !== undefined) return tenantId;
      }
      return undefined;
    },
    refusalOf: (tenantId) => {
      for (const registry of registries) {
        const refusal = registry.refusalOf?.(tenantId);
        if (refusal !== undefined) return refusal;
      }
      return undefined;
    },
  };
}
