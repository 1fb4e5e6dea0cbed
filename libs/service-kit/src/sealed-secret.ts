import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SealedSecret } from '@sleep/contracts';

/** The id of a key-encryption key: the first 8 hex digits of its SHA-256. */
export function kekId(kek: Buffer): string {
  return createHash('sha256').update(kek).digest('hex').slice(0, 8);
}

/** Reads a KEK from its base64 form (32 bytes for AES-256); throws without echoing the value. */
export function parseKek(base64: string): Buffer {
  const kek = Buffer.from(base64, 'base64');
  if (
    kek.length !== 32 ||
    kek.toString('base64').replace(/=+$/, '') !== base64.trim().replace(/=+$/, '')
  ) {
    throw new TypeError('expected 32 bytes in base64');
  }
  return kek;
}

/**
 * AES-256-GCM with a fresh 96-bit nonce per secret (NIST SP 800-38D). The associated data (for
 * example the tenant id) binds the ciphertext to its owner: moved to another row it fails to open.
 */
export function sealSecret(plaintext: string, kek: Buffer, associatedData: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    alg: 'A256GCM',
    kid: kekId(kek),
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export class SealedSecretError extends Error {
  override readonly name = 'SealedSecretError';
}

/** Opens a secret with whichever of `keks` sealed it (the current one or a previous one). */
export function openSealedSecret(
  sealed: SealedSecret,
  keks: readonly Buffer[],
  associatedData: string,
): string {
  const kek = keks.find((candidate) => kekId(candidate) === sealed.kid);
  if (!kek) throw new SealedSecretError(`no key-encryption key with id ${sealed.kid}`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SealedSecretError(`secret sealed with ${sealed.kid} failed authentication`);
  }
}
