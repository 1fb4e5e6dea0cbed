import { randomBytes } from 'node:crypto';
import { kekId, openSealedSecret, parseKek, SealedSecretError, sealSecret } from './sealed-secret';

describe('sealed secrets (AES-256-GCM under a KEK)', () => {
  const kek = randomBytes(32);

  it('opens what it sealed, for the same associated data only', () => {
    const sealed = sealSecret('sk-live-abc', kek, 'acme');
    expect(sealed).toMatchObject({ alg: 'A256GCM', kid: kekId(kek) });
    expect(openSealedSecret(sealed, [kek], 'acme')).toBe('sk-live-abc');
    expect(() => openSealedSecret(sealed, [kek], 'globex')).toThrow(SealedSecretError);
  });

  it('refuses a tampered ciphertext and names an unknown KEK by id only', () => {
    const sealed = sealSecret('sk-live-abc', kek, 'acme');
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] ^= 1;
    expect(() =>
      openSealedSecret({ ...sealed, ciphertext: flipped.toString('base64') }, [kek], 'acme'),
    ).toThrow(/authentication/);
    expect(() => openSealedSecret(sealed, [randomBytes(32)], 'acme')).toThrow(
      new RegExp(`no key-encryption key with id ${sealed.kid}`),
    );
  });

  it('reads a KEK only as 32 bytes of base64', () => {
    expect(parseKek(kek.toString('base64'))).toEqual(kek);
    expect(() => parseKek(randomBytes(16).toString('base64'))).toThrow(TypeError);
    expect(() => parseKek('not base64 at all!')).toThrow(TypeError);
  });
});
