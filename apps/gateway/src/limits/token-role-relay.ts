import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  type GatewayDeps,
  type Principal,
  PrincipalSchema,
  type TokenLifetime,
} from '@sleep/gateway-api';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { GATEWAY_DEPS } from '../gateway.tokens';
import { RateLimiterProvider } from './rate-limiter.service';

const CHANNEL = 'gateway:tokens';

const TokenSeenSchema = PrincipalSchema.extend({ issuedAtMs: z.number(), from: z.string() });

/**
 * Tells every replica of each token first verified here (its app user, role and `iat`), so a
 * stream open on any replica ends when a newer token of its user carries another role. Over
 * Redis pub/sub when REDIS_URL is set; this replica alone otherwise.
 */
@Injectable()
export class TokenRoleRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly instance = randomUUID();
  private subscriber?: Redis;

  constructor(
    private readonly rateLimits: RateLimiterProvider,
    @Inject(GATEWAY_DEPS) private readonly deps: GatewayDeps,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  seen(principal: Principal, lifetime: TokenLifetime): void {
    const { issuedAtMs } = lifetime;
    this.deps.streams.tokenSeen(principal, issuedAtMs);
    if (!this.rateLimits.redis || issuedAtMs === undefined) return;
    const message = JSON.stringify({ ...principal, issuedAtMs, from: this.instance });
    this.rateLimits.redis.publish(CHANNEL, message).catch(() => undefined);
  }

  onApplicationBootstrap(): void {
    if (!this.rateLimits.redis) return;
    // Its own connection (a subscribed one can do nothing else); it resubscribes on reconnect.
    this.subscriber = this.rateLimits.redis.duplicate({
      connectionName: 'gateway-token-roles',
      enableOfflineQueue: true,
    });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel, text: string) => this.received(text));
    this.subscriber
      .subscribe(CHANNEL)
      .catch((error) => this.logger.warn({ err: error }, 'token announcements not received'));
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
  }

  private received(text: string): void {
    let parsed;
    try {
      parsed = TokenSeenSchema.safeParse(JSON.parse(text));
    } catch {
      return;
    }
    if (!parsed.success || parsed.data.from === this.instance) return;
    const { issuedAtMs, tenantId, appUserId, role } = parsed.data;
    this.deps.streams.tokenSeen({ tenantId, appUserId, role }, issuedAtMs);
  }
}
