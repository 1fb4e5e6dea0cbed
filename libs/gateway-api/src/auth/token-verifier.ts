import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { type Principal, PrincipalSchema } from './principal';
import type { TokenLifetime } from './token-lifetime';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** HS256 shared secret (development); ignored when `jwksUrl` is set. */
  secret?: string;
  /** Where the identity provider publishes its signing keys (RS256, ES256, EdDSA). */
  jwksUrl?: string;
  clockToleranceSeconds?: number;
  /** Verified tokens remembered until they expire, so a busy client is not re-verified per call. */
  cacheSize?: number;
  /** Told of each token the first time it is verified (not of cached ones): role changes. */
  onVerified?: (principal: Principal, lifetime: TokenLifetime) => void;
}

export interface VerifiedToken {
  principal: Principal;
  lifetime: TokenLifetime;
}

/** Why a token was refused; never echoed with the token itself. */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/**
 * Verifies `Authorization: Bearer` tokens with jose: signature, issuer, audience, expiry, then
 * the claims the gateway needs (`sub` app user, `tenant`, `role`).
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly cache = new Map<string, VerifiedToken>();

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(options.jwksUrl));
      this.algorithms = ASYMMETRIC;
    } else if (options.secret) {
      this.key = new TextEncoder().encode(options.secret);
      this.algorithms = ['HS256'];
    } else {
      throw new TypeError('TokenVerifier needs a secret or a JWKS URL');
    }
  }

  async verify(token: string): Promise<Principal> {
    return (await this.verifyToken(token)).principal;
  }

  /** The caller and the token's lifetime (streams end when it expires). */
  async verifyToken(token: string): Promise<VerifiedToken> {
    const cached = this.cache.get(token);
    if (cached && cached.lifetime.expiresAtMs > Date.now()) return cached;
    if (cached) this.cache.delete(token);
    const verified = await this.verifyUncached(token);
    this.remember(token, verified);
    this.options.onVerified?.(verified.principal, verified.lifetime);
    return verified;
  }

  private async verifyUncached(token: string): Promise<VerifiedToken> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key as Uint8Array, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.algorithms,
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new TokenRejectedError(describe(error));
    }
    const claims = PrincipalSchema.safeParse({
      tenantId: payload['tenant'],
      appUserId: payload.sub,
      role: payload['role'],
    });
    if (!claims.success) {
      const names = claims.error.issues.map(
        (issue) => CLAIM_NAMES[String(issue.path[0])] ?? 'claims',
      );
      throw new TokenRejectedError(`Token claims invalid: ${[...new Set(names)].join(', ')}`);
    }
    const lifetime: TokenLifetime = { expiresAtMs: (payload.exp as number) * 1000 };
    if (typeof payload.iat === 'number') lifetime.issuedAtMs = payload.iat * 1000;
    return { principal: claims.data, lifetime };
  }

  private remember(token: string, verified: VerifiedToken): void {
    const limit = this.options.cacheSize ?? 10_000;
    if (this.cache.size >= limit) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(token, verified);
  }
}

const CLAIM_NAMES: Record<string, string> = { tenantId: 'tenant', appUserId: 'sub', role: 'role' };

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'Token expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `Token claim "${error.claim}" invalid`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'Token signature invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'Token algorithm not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'Token signed by an unknown key';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError)
    return 'Token could not be verified';
  return 'Token malformed';
}
