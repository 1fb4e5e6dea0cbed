import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { SERVICE_TOKEN_TTL_SECONDS } from './service-token.signer';
import type { ServiceJwk } from './service-keys';

export class ServiceTokenError extends Error {
  override readonly name = 'ServiceTokenError';
}

interface TrustedKey {
  issuer: string;
  key: ReturnType<typeof importJWK>;
}

/**
 * Checks a caller's service token: EdDSA only, signed by a key trusted for the `iss` it claims
 * (a key of one caller never vouches for another), `aud` this service, not expired, issued within
 * the token lifetime. Several keys per caller: the old and the new one during a rotation.
 */
export class ServiceTokenVerifier {
  private readonly keys = new Map<string, TrustedKey>();

  constructor(
    readonly audience: string,
    trusted: Partial<Record<string, readonly ServiceJwk[]>>,
  ) {
    for (const [issuer, keys] of Object.entries(trusted))
      for (const jwk of keys ?? [])
        this.keys.set(jwk.kid, { issuer, key: importJWK({ ...jwk, d: undefined }, 'EdDSA') });
  }

  /** The verified caller's name; throws `ServiceTokenError` with a reason fit for a log line. */
  async verify(authorization: string | undefined): Promise<string> {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '')?.[1];
    if (!token) throw new ServiceTokenError('no service token');
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw new ServiceTokenError('malformed service token');
    }
    const trusted = kid === undefined ? undefined : this.keys.get(kid);
    if (!trusted) throw new ServiceTokenError('service token signed by an unknown key');
    try {
      await jwtVerify(token, await trusted.key, {
        algorithms: ['EdDSA'],
        issuer: trusted.issuer,
        audience: this.audience,
        requiredClaims: ['iat', 'exp'],
        maxTokenAge: SERVICE_TOKEN_TTL_SECONDS + 5,
        clockTolerance: 5,
      });
    } catch (error) {
      throw new ServiceTokenError(
        `service token refused: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return trusted.issuer;
  }
}
