import { randomBytes } from 'node:crypto';
import { keyDigest, TenantKeyVault } from './tenant-key-sealing';

describe('TenantKeyVault (AES-256-GCM under TENANT_KEK)', () => {
  const oldKek = randomBytes(32);
  const newKek = randomBytes(32);
  const key = 'sk-live-7f3a9c2e41b84d0c9e55a1f0b6d2c8e4';

  it('seals with a fresh nonce and opens only for the same tenant', () => {
    const vault = new TenantKeyVault(oldKek);
    const a = vault.seal('acme', key);
    const b = vault.seal('acme', key);
    expect(a.iv).not.toBe(b.iv);
    expect(JSON.stringify(a)).not.toContain(key);
    expect(vault.open('acme', a)).toBe(key);
    // Copied into another tenant's row, the ciphertext fails authentication.
    expect(() => vault.open('globex', a)).toThrow(/authentication/);
  });

  it('rotates the KEK without downtime: old secrets open with the previous KEK and are marked stale', () => {
    const sealedBefore = new TenantKeyVault(oldKek).seal('acme', key);
    const rotated = new TenantKeyVault(newKek, [oldKek]);
    expect(rotated.open('acme', sealedBefore)).toBe(key);
    expect(rotated.isStale(sealedBefore)).toBe(true);
    const resealed = rotated.seal('acme', rotated.open('acme', sealedBefore));
    expect(rotated.isStale(resealed)).toBe(false);
    expect(() => new TenantKeyVault(newKek).open('acme', sealedBefore)).toThrow(
      /no key-encryption key/,
    );
  });

  it('digests keys the way webhook-ingest matches them', () => {
    expect(keyDigest(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyDigest(key)).not.toBe(keyDigest(`${key}x`));
  });
});
