import type { AsleepClient } from '@sleep/asleep-client';

/** A tenant as its admins and members may see it: never the key, only its fingerprint. */
export interface Tenant {
  id: string;
  name: string;
  /** IANA zone sessions and stats are rendered in when a call names none. */
  defaultTimezone: string;
  /** First 12 hex digits of the current key's SHA-256, to tell keys apart without showing them. */
  keyFingerprint: string;
  keyRotatedAt: string;
  createdAt: string;
  revision: number;
  /** `disabled` and `deleting` tenants are refused by the API and their webhooks by ingest. */
  status: TenantLifecycle;
  /** Why an operator disabled it; null while active. */
  statusReason: string | null;
}

export type TenantLifecycle = 'active' | 'disabled' | 'deleting';

export interface NewTenant {
  id: string;
  name: string;
  defaultTimezone: string;
  asleepApiKey: string;
}

export interface TenantSettingsPatch {
  name?: string;
  defaultTimezone?: string;
}

/**
 * Tenants and their Asleep keys. Implementations keep keys encrypted at rest and announce every
 * change on `platform.tenants.v1` before they resolve, so webhook-ingest accepts the new key.
 */
export interface TenantDirectory {
  get(tenantId: string): Promise<Tenant | null>;
  list(): Promise<Tenant[]>;
  /** Throws AlreadyExistsError when the id is taken. */
  create(tenant: NewTenant): Promise<Tenant>;
  updateSettings(tenantId: string, patch: TenantSettingsPatch): Promise<Tenant>;
  /** The replaced key stays valid for webhooks during `graceSeconds`. */
  rotateKey(tenantId: string, asleepApiKey: string, graceSeconds: number): Promise<Tenant>;
  /** The Asleep client of this tenant (its own key, pool and breaker). */
  asleep(tenantId: string): Promise<AsleepClient>;
  /**
   * Asks Asleep whether it accepts this key: false when Asleep refuses it (401/403); throws the
   * Asleep client's error when Asleep cannot tell (unavailable, rate limited).
   */
  verifyAsleepKey(asleepApiKey: string): Promise<boolean>;
  /** Disables, re-enables or marks the tenant as being deleted; announced before it resolves. */
  setStatus(tenantId: string, status: TenantLifecycle, reason: string | null): Promise<Tenant>;
  /**
   * Forgets the tenant once its users are erased: announced as deleted (its keys are forgotten
   * by ingest), then its rows removed. Idempotent.
   */
  remove(tenantId: string): Promise<void>;
}
