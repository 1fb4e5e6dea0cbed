import { importJWK, SignJWT } from 'jose';
import type { ServiceJwk } from './service-keys';

/** Seconds a service token lives; a callee also refuses one issued longer ago than this. */
export const SERVICE_TOKEN_TTL_SECONDS = 60;

/**
 * Mints the short-lived tokens a service presents to the services it calls: `iss` is the caller,
 * `aud` the callee, EdDSA under the caller's own key. One token per callee is reused until half
 * its life is gone, so a call costs a signature at most every 30 s.
 */
export class ServiceTokenSigner {
  private readonly key: ReturnType<typeof importJWK>;
  private readonly cache = new Map<string, { token: Promise<string>; renewAt: number }>();

  constructor(
    readonly issuer: string,
    private readonly jwk: ServiceJwk,
    private readonly now: () => number = Date.now,
  ) {
    this.key = importJWK(jwk, 'EdDSA');
  }

  token(audience: string): Promise<string> {
    const now = this.now();
    const cached = this.cache.get(audience);
    if (cached && cached.renewAt > now) return cached.token;
    const issuedAt = Math.floor(now / 1000);
    const token = this.key.then((key) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'EdDSA', kid: this.jwk.kid, typ: 'service+jwt' })
        .setIssuer(this.issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + SERVICE_TOKEN_TTL_SECONDS)
        .sign(key),
    );
    this.cache.set(audience, { token, renewAt: now + (SERVICE_TOKEN_TTL_SECONDS * 1000) / 2 });
    token.catch(() => this.cache.delete(audience));
    return token;
  }

  /** The header a call carries. */
  async headers(audience: string): Promise<{ authorization: string }> {
    return { authorization: `Bearer ${await this.token(audience)}` };
  }
}
