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

/** Tokens already verified, by their text: a caller sends the same token for half its life. */
const MAX_REMEMBERED_TOKENS = 1_000;
const MAX_AGE_SECONDS = SERVICE_TOKEN_TTL_SECONDS + 5;
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Checks a caller's service token: EdDSA only, signed by a key trusted for the `iss` it claims
 * (a key of one caller never vouches for another), `aud` this service, not expired, issued within
 * the token lifetime. Several keys per caller: the old and the new one during a rotation.
 * A token that passed is remembered until the first instant any of those checks could fail
 * (its expiry or its maximum age), so the signature is checked once per token, not per call.
 */
export class ServiceTokenVerifier {
  private readonly keys = new Map<string, TrustedKey>();
  private readonly verified = new Map<string, { issuer: string; untilMs: number }>();

  constructor(
    readonly audience: string,
    trusted: Partial<Record<string, readonly ServiceJwk[]>>,
    private readonly now: () => number = Date.now,
  ) {
    for (const [issuer, keys] of Object.entries(trusted))
      for (const jwk of keys ?? [])
        this.keys.set(jwk.kid, { issuer, key: importJWK({ ...jwk, d: undefined }, 'EdDSA') });
  }

  /** The verified caller's name; throws `ServiceTokenError` with a reason fit for a log line. */
  async verify(authorization: string | undefined): Promise<string> {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '')?.[1];
    if (!token) throw new ServiceTokenError('no service token');
    const now = this.now();
    const remembered = this.verified.get(token);
    if (remembered && now < remembered.untilMs) return remembered.issuer;
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw new ServiceTokenError('malformed service token');
    }
    const trusted = kid === undefined ? undefined : this.keys.get(kid);
    if (!trusted) throw new ServiceTokenError('service token signed by an unknown key');
    let claims: { iat?: number; exp?: number };
    try {
      ({ payload: claims } = await jwtVerify(token, await trusted.key, {
        algorithms: ['EdDSA'],
        issuer: trusted.issuer,
        audience: this.audience,
        requiredClaims: ['iat', 'exp'],
        maxTokenAge: MAX_AGE_SECONDS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now),
      }));
    } catch (error) {
      throw new ServiceTokenError(
        `service token refused: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    this.remember(token, trusted.issuer, claims);
    return trusted.issuer;
  }

  /** Until the earlier of expiry and maximum age, without the tolerance: never longer than jose. */
  private remember(token: string, issuer: string, { iat, exp }: { iat?: number; exp?: number }) {
    if (typeof iat !== 'number' || typeof exp !== 'number') return;
    if (this.verified.size >= MAX_REMEMBERED_TOKENS) this.verified.clear();
    this.verified.set(token, { issuer, untilMs: Math.min(exp, iat + MAX_AGE_SECONDS) * 1000 });
  }
}
