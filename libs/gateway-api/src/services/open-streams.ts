import type { TRPCError } from '@trpc/server';
import type { Principal, Role } from '../auth/principal';
import type { TokenLifetime } from '../auth/token-lifetime';
import { gatewayError } from '../errors/gateway-error';
import type { LimitEvents, StreamCloseReason } from '../ports/limits.port';
import { LruCache } from './lru-cache';

/** The live streams the gateway serves: `sessions.live`, `analytics.live.*`, `sync.live`. */
export type LiveStreamKind = 'sessions' | 'reports' | 'insights' | 'changes';

/** How many streams may be open at once on one replica. */
export interface StreamCaps {
  perUser: number;
  perTenant: number;
}

export interface StreamLease {
  /** Aborts when the client goes away or the gateway ends the stream. */
  signal: AbortSignal;
  /** Why the gateway ended the stream, as the error the client gets; null while it may go on. */
  closedBy(): TRPCError | null;
  release(): void;
}

interface OpenStream {
  kind: LiveStreamKind;
  tenantId: string;
  principalKey: string;
  role: Role;
  issuedAtMs?: number;
  /** The watched user and the caller's own Asleep user: deleting either ends the stream. */
  asleepUserIds: readonly string[];
  controller: AbortController;
  reason?: StreamCloseReason;
  expiry?: NodeJS.Timeout;
}

/** setTimeout's ceiling (about 24.8 days); a longer wait is armed again when it fires. */
const MAX_TIMER_MS = 2_147_483_647;

const CLOSED_BECAUSE: Record<StreamCloseReason, () => TRPCError> = {
  token_expired: () => gatewayError('UNAUTHORIZED', 'Token expired; reconnect with a fresh token'),
  role_changed: () =>
    gatewayError('UNAUTHORIZED', "The caller's role changed; reconnect with the newer token"),
  user_deleted: () => gatewayError('NOT_FOUND', 'User deleted'),
};

const keyOf = (principal: Principal) => `${principal.tenantId}\u0000${principal.appUserId}`;

/**
 * The server-sent-event streams open on this replica: capped per app user and per tenant, and
 * ended by the gateway when the token they were opened with expires, when a newer token of the
 * same app user carries another role (tokens are ordered by `iat`), or when the watched user or
 * the caller's own user is deleted.
 */
export class OpenStreams {
  private readonly open = new Set<OpenStream>();
  /** Each app user's open streams: a token seen looks only at its own user's. */
  private readonly byPrincipal = new Map<string, Set<OpenStream>>();
  private readonly perTenant = new Map<string, number>();
  /** The newest token seen of each app user: its role and when it was issued. */
  private readonly newestTokens = new LruCache<{ role: Role; issuedAtMs: number }>(50_000);

  constructor(
    private readonly caps: StreamCaps,
    private readonly events: LimitEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws TOO_MANY_REQUESTS over a cap, UNAUTHORIZED for a token a newer role superseded. */
  lease(options: {
    kind: LiveStreamKind;
    principal: Principal;
    lifetime: TokenLifetime | null;
    asleepUserIds: readonly string[];
    signal?: AbortSignal;
  }): StreamLease {
    const { principal, lifetime } = options;
    const principalKey = keyOf(principal);
    if (lifetime?.issuedAtMs !== undefined && this.superseded(principal, lifetime.issuedAtMs)) {
      this.events.refused('token_superseded');
      throw gatewayError(
        'UNAUTHORIZED',
        'A newer token of this user carries another role; reconnect with it',
      );
    }
    if ((this.byPrincipal.get(principalKey)?.size ?? 0) >= this.caps.perUser) {
      this.events.refused('user_streams');
      throw gatewayError(
        'TOO_MANY_REQUESTS',
        `Too many open streams for this user (at most ${this.caps.perUser}); close one first`,
        { retryAfterMs: 5_000 },
      );
    }
    if ((this.perTenant.get(principal.tenantId) ?? 0) >= this.caps.perTenant) {
      this.events.refused('tenant_streams');
      throw gatewayError(
        'TOO_MANY_REQUESTS',
        `Too many open streams for this tenant (at most ${this.caps.perTenant})`,
        { retryAfterMs: 5_000 },
      );
    }
    const stream: OpenStream = {
      kind: options.kind,
      tenantId: principal.tenantId,
      principalKey,
      role: principal.role,
      issuedAtMs: lifetime?.issuedAtMs,
      asleepUserIds: options.asleepUserIds,
      controller: new AbortController(),
    };
    this.add(stream);
    if (lifetime) this.expireAt(stream, lifetime.expiresAtMs);
    const signal = options.signal
      ? AbortSignal.any([stream.controller.signal, options.signal])
      : stream.controller.signal;
    return {
      signal,
      closedBy: () => (stream.reason ? CLOSED_BECAUSE[stream.reason]() : null),
      release: () => this.remove(stream),
    };
  }

  /**
   * A verified token (first seen on this replica or announced by another): when it is newer than
   * any seen of its app user and carries another role, that user's streams opened under the
   * other role end.
   */
  tokenSeen(principal: Principal, issuedAtMs: number | undefined): void {
    if (issuedAtMs === undefined) return;
    const principalKey = keyOf(principal);
    const newest = this.newestTokens.get(principalKey);
    if (newest && newest.issuedAtMs >= issuedAtMs) return;
    this.newestTokens.set(principalKey, { role: principal.role, issuedAtMs });
    for (const stream of this.byPrincipal.get(principalKey) ?? []) {
      if (stream.role !== principal.role && (stream.issuedAtMs ?? 0) < issuedAtMs)
        this.end(stream, 'role_changed');
    }
  }

  /** A user was deleted: streams watching them, and streams they opened themselves, end. */
  userDeleted(tenantId: string, asleepUserId: string): void {
    for (const stream of this.open)
      if (stream.tenantId === tenantId && stream.asleepUserIds.includes(asleepUserId))
        this.end(stream, 'user_deleted');
  }

  count(): number {
    return this.open.size;
  }

  countByKind(): Record<LiveStreamKind, number> {
    const counts = { sessions: 0, reports: 0, insights: 0, changes: 0 };
    for (const stream of this.open) counts[stream.kind]++;
    return counts;
  }

  private superseded(principal: Principal, issuedAtMs: number): boolean {
    const newest = this.newestTokens.get(keyOf(principal));
    return !!newest && newest.issuedAtMs > issuedAtMs && newest.role !== principal.role;
  }

  private expireAt(stream: OpenStream, expiresAtMs: number): void {
    const wait = expiresAtMs - this.now();
    if (wait <= 0) return this.end(stream, 'token_expired');
    stream.expiry = setTimeout(
      () => this.expireAt(stream, expiresAtMs),
      Math.min(wait, MAX_TIMER_MS),
    );
    stream.expiry.unref();
  }

  private end(stream: OpenStream, reason: StreamCloseReason): void {
    if (stream.reason) return;
    stream.reason = reason;
    this.events.streamClosed(reason);
    stream.controller.abort();
    this.remove(stream);
  }

  private add(stream: OpenStream): void {
    this.open.add(stream);
    let mine = this.byPrincipal.get(stream.principalKey);
    if (!mine) this.byPrincipal.set(stream.principalKey, (mine = new Set()));
    mine.add(stream);
    this.perTenant.set(stream.tenantId, (this.perTenant.get(stream.tenantId) ?? 0) + 1);
  }

  private remove(stream: OpenStream): void {
    clearTimeout(stream.expiry);
    if (!this.open.delete(stream)) return;
    const mine = this.byPrincipal.get(stream.principalKey);
    mine?.delete(stream);
    if (mine?.size === 0) this.byPrincipal.delete(stream.principalKey);
    const count = (this.perTenant.get(stream.tenantId) ?? 1) - 1;
    if (count > 0) this.perTenant.set(stream.tenantId, count);
    else this.perTenant.delete(stream.tenantId);
  }
}
