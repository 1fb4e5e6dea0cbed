import type { IncomingHttpHeaders } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { Principal } from './auth/principal';
import type { TokenLifetime } from './auth/token-lifetime';
import { TokenRejectedError, type TokenVerifier, type VerifiedToken } from './auth/token-verifier';
import type { GatewayDeps } from './ports/gateway-deps';

export interface Context {
  deps: GatewayDeps;
  /** The verified caller; throws UNAUTHORIZED. Called by the auth middleware, once per request. */
  authenticate(): Promise<Principal>;
  /** The verified token's lifetime; null for callers known without a token (tests, servers). */
  tokenLifetime(): Promise<TokenLifetime | null>;
}

export interface HttpContextInput {
  req: { headers: IncomingHttpHeaders };
  info?: { connectionParams?: Record<string, string | undefined> | null; type?: string } | null;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Browsers' EventSource cannot send headers, so subscriptions may carry the token in tRPC's
 * connection params instead; every other call must use the Authorization header.
 */
function credentialOf({ req, info }: HttpContextInput): string | null {
  const header = req.headers.authorization;
  if (header) return BEARER.exec(header)?.[1] ?? '';
  if (info?.type === 'subscription') return info.connectionParams?.['token'] ?? null;
  return null;
}

/** Builds the per-request context of the HTTP adapters (tRPC and REST). */
export function createContextFactory(deps: GatewayDeps, verifier: TokenVerifier) {
  return (input: HttpContextInput): Context => {
    let verified: Promise<VerifiedToken> | undefined;
    const verify = () => (verified ??= authenticate(verifier, credentialOf(input)));
    return {
      deps,
      authenticate: async () => (await verify()).principal,
      tokenLifetime: async () => (await verify()).lifetime,
    };
  };
}

async function authenticate(verifier: TokenVerifier, token: string | null): Promise<VerifiedToken> {
  if (token === null)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Missing bearer token' });
  if (token === '')
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Malformed Authorization header' });
  try {
    return await verifier.verifyToken(token);
  } catch (error) {
    if (error instanceof TokenRejectedError)
      throw new TRPCError({ code: 'UNAUTHORIZED', message: error.message });
    throw error;
  }
}

/** A context for an already known caller: tests, and server-side callers. */
export function contextFor(
  deps: GatewayDeps,
  principal: Principal | null,
  lifetime: TokenLifetime | null = null,
): Context {
  return {
    deps,
    authenticate: async () => {
      if (!principal)
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Missing bearer token' });
      return principal;
    },
    tokenLifetime: async () => lifetime,
  };
}
