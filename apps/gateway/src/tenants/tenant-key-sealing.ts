import { createHash } from 'node:crypto';
import type { SealedSecret } from '@sleep/contracts';
import { kekId, openSealedSecret, sealSecret } from '@sleep/service-kit';

/** Lower-case hex SHA-256: what webhook-ingest matches incoming `x-api-key` headers against. */
export const keyDigest = (apiKey: string) =>
  createHash('sha256').update(apiKey, 'utf8').digest('hex');

/** Enough of the digest for an admin to tell two keys apart. */
export const keyFingerprint = (digest: string) => digest.slice(0, 12);

/**
 * The tenants' Asleep keys at rest: sealed under TENANT_KEK, opened with it or a previous KEK
 * (rotation without downtime: both are configured while rows are re-sealed).
 */
export class TenantKeyVault {
  private readonly keks: Buffer[];
  private readonly currentId: string;

  constructor(
    private readonly current: Buffer,
    previous: readonly Buffer[] = [],
  ) {
    this.keks = [current, ...previous];
    this.currentId = kekId(current);
  }

  seal(tenantId: string, apiKey: string): SealedSecret {
    return sealSecret(apiKey, this.current, tenantId);
  }

  open(tenantId: string, sealed: SealedSecret): string {
    return openSealedSecret(sealed, this.keks, tenantId);
  }

  /** True when the secret was sealed under an older KEK and should be re-sealed. */
  isStale(sealed: SealedSecret): boolean {
    return sealed.kid !== this.currentId;
  }
}
