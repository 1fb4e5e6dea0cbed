import { randomBytes } from 'node:crypto';
import {
  DEV_EVENT_SIGNING_SEED,
  MessageSigner,
  MessageVerifier,
  publicKeyOf,
  signingKeyId,
} from './message-signature';

describe('signed messages (Ed25519, key ids for rotation)', () => {
  const oldSeed = DEV_EVENT_SIGNING_SEED;
  const newSeed = randomBytes(32).toString('base64');
  const value = Buffer.from('{"type":"sleep.user.deleted"}');

  it('verifies with whichever configured key the message names, during a rotation', () => {
    const verifier = new MessageVerifier([publicKeyOf(oldSeed), publicKeyOf(newSeed)]);
    for (const seed of [oldSeed, newSeed]) {
      const signer = new MessageSigner(seed);
      expect(signer.kid).toBe(signingKeyId(publicKeyOf(seed)));
      const headers = signer.headers('sleep.users.v1', 'u1', value);
      expect(verifier.check('sleep.users.v1', { key: Buffer.from('u1'), value, headers })).toEqual({
        ok: true,
        kid: signer.kid,
      });
    }
  });

  it('refuses unsigned, unknown-key, altered and moved messages', () => {
    const verifier = new MessageVerifier([publicKeyOf(oldSeed)]);
    const headers = new MessageSigner(oldSeed).headers('sleep.users.v1', 'u1', value);
    const check = (topic: string, key: string, body: Buffer, h = headers) =>
      verifier.check(topic, { key: Buffer.from(key), value: body, headers: h });
    expect(check('sleep.users.v1', 'u1', value, {})).toMatchObject({ reason: 'unsigned' });
    expect(
      check(
        'sleep.users.v1',
        'u1',
        value,
        new MessageSigner(newSeed).headers('sleep.users.v1', 'u1', value),
      ),
    ).toMatchObject({ reason: 'signature-invalid', detail: expect.stringMatching(/unknown/) });
    expect(check('sleep.users.v1', 'u1', Buffer.from('{}'))).toMatchObject({
      reason: 'signature-invalid',
    });
    expect(check('sleep.users.v1', 'u2', value)).toMatchObject({ reason: 'signature-invalid' });
    expect(check('platform.tenants.v1', 'u1', value)).toMatchObject({
      reason: 'signature-invalid',
    });
  });

  it('rejects malformed keys', () => {
    expect(() => new MessageSigner('c2hvcnQ=')).toThrow(/32 bytes in base64/);
    expect(() => new MessageVerifier([])).toThrow(/no verification key/);
  });
});
