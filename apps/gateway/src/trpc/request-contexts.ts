import { Inject, Injectable } from '@nestjs/common';
import {
  type Context,
  createContextFactory,
  type GatewayDeps,
  type HttpContextInput,
  TokenVerifier,
} from '@sleep/gateway-api';
import type { AppConfig } from '../config';
import { GATEWAY_CONFIG, GATEWAY_DEPS } from '../gateway.tokens';
import { TokenRoleRelay } from '../limits/token-role-relay';

/**
 * The per-request context of every HTTP entry (tRPC, REST, streamed downloads): one bearer-token
 * verifier for all of them (one JWKS cache), and every verified token's role is relayed to the
 * other replicas.
 */
@Injectable()
export class RequestContexts {
  readonly create: (input: HttpContextInput) => Context;

  constructor(
    @Inject(GATEWAY_DEPS) deps: GatewayDeps,
    @Inject(GATEWAY_CONFIG) config: AppConfig,
    tokens: TokenRoleRelay,
  ) {
    const verifier = new TokenVerifier({
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      secret: config.JWT_SECRET,
      jwksUrl: config.JWT_JWKS_URL,
      onVerified: (principal, lifetime) => tokens.seen(principal, lifetime),
    });
    this.create = createContextFactory(deps, verifier);
  }
}
