import * as jose from 'jose';
import { DEVELOPMENT_SERVICE_KEYS, type ServiceJwk } from './service-keys';
import { SERVICE_TOKEN_TTL_SECONDS, ServiceTokenSigner } from './service-token.signer';
import { ServiceTokenVerifier } from './service-token.verifier';

jest.mock('jose', () => {
  const actual = jest.requireActual<typeof import('jose')>('jose');
  return { ...actual, jwtVerify: jest.fn(actual.jwtVerify) };
});

const publicOf = ({ d: _d, ...key }: ServiceJwk) => key;

describe('ServiceTokenVerifier remembers the tokens it verified', () => {
  const gateway = DEVELOPMENT_SERVICE_KEYS['gateway'];
  let now = Date.now();
  const signer = new ServiceTokenSigner('gateway', gateway, () => now);
  const verifier = new ServiceTokenVerifier(
    'analytics-service',
    { gateway: [publicOf(gateway)] },
    () => now,
  );
  const verifications = jest.mocked(jose.jwtVerify);

  it('checks a token’s signature once, however often the caller sends it', async () => {
    const { authorization } = await signer.headers('analytics-service');
    verifications.mockClear();
    for (let i = 0; i < 5; i++)
      await expect(verifier.verify(authorization)).resolves.toBe('gateway');
    expect(verifications).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered token once it has expired', async () => {
    const { authorization } = await signer.headers('analytics-service');
    await expect(verifier.verify(authorization)).resolves.toBe('gateway');
    now += (SERVICE_TOKEN_TTL_SECONDS + 10) * 1000;
    await expect(verifier.verify(authorization)).rejects.toThrow(/service token refused/);
  });

  it('remembers nothing it refused: another audience stays refused', async () => {
    const { authorization } = await signer.headers('session-service');
    await expect(verifier.verify(authorization)).rejects.toThrow(/service token refused/);
    await expect(verifier.verify(authorization)).rejects.toThrow(/service token refused/);
  });
});
