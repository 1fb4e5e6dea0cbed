import type { Role } from '@sleep/gateway-api';
import { SignJWT } from 'jose';

export interface DevTokenClaims {
  tenantId: string;
  appUserId: string;
  role: Role;
  /** Default 12 hours. */
  ttlSeconds?: number;
  /** The `iat` claim, in seconds since the epoch; default now. */
  issuedAtSeconds?: number;
}

/**
 * An HS256 token as the gateway accepts it in development (JWT_SECRET): `sub` is the app user,
 * `tenant` and `role` the gateway's own claims. Production tokens come from the identity
 * provider behind JWT_JWKS_URL instead.
 */
export function mintDevToken(
  signing: { secret: string; issuer: string; audience: string },
  claims: DevTokenClaims,
): Promise<string> {
  return new SignJWT({ tenant: claims.tenantId, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.appUserId)
    .setIssuer(signing.issuer)
    .setAudience(signing.audience)
    .setIssuedAt(claims.issuedAtSeconds)
    .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.ttlSeconds ?? 12 * 3600))
    .sign(new TextEncoder().encode(signing.secret));
}
