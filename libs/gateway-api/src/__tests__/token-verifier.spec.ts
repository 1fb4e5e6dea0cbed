import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { TokenRejectedError, TokenVerifier } from '../auth/token-verifier';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const base = { issuer: 'iss-test', audience: 'aud-test' };
const sign = (
  claims: Record<string, unknown>,
  options: { iss?: string; aud?: string; exp?: number; secret?: string } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('alice')
    .setIssuer(options.iss ?? base.issuer)
    .setAudience(options.aud ?? base.audience)
    .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 60)
    .sign(new TextEncoder().encode(options.secret ?? SECRET));

describe('TokenVerifier', () => {
  const verifier = new TokenVerifier({ ...base, secret: SECRET });
  const claims = { tenant: 'acme', role: 'member' };

  it('accepts a valid token and reads tenant, user and role', async () => {
    expect(await verifier.verify(await sign(claims))).toEqual({
      tenantId: 'acme',
      appUserId: 'alice',
      role: 'member',
    });
  });

  it.each([
    ['expired', () => sign(claims, { exp: Math.floor(Date.now() / 1000) - 60 }), /expired/],
    ['wrong issuer', () => sign(claims, { iss: 'someone-else' }), /"iss"/],
    ['wrong audience', () => sign(claims, { aud: 'another-api' }), /"aud"/],
    ['wrong signature', () => sign(claims, { secret: 'x'.repeat(40) }), /signature/],
    ['unknown role', () => sign({ ...claims, role: 'root' }), /role/],
    ['missing tenant', () => sign({ role: 'member' }), /tenant/],
    ['garbage', async () => 'not.a.jwt', /malformed|verified/i],
  ])('refuses a token with %s', async (_case, token, reason) => {
    const error = await verifier.verify(await token()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenRejectedError);
    expect((error as Error).message).toMatch(reason);
  });

  it('verifies asymmetric tokens against a JWKS URL and refuses HS256 there', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const server: Server = createServer((_req, res) =>
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const jwks = new TokenVerifier({ ...base, jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('bob')
        .setIssuer(base.issuer)
        .setAudience(base.audience)
        .setExpirationTime('5m')
        .sign(privateKey);
      expect(await jwks.verify(token)).toMatchObject({ appUserId: 'bob', tenantId: 'acme' });
      await expect(jwks.verify(await sign(claims))).rejects.toThrow(TokenRejectedError);
    } finally {
      server.close();
    }
  });
});
