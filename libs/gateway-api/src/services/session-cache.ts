import type { SleepData } from '@sleep/contracts';
import { LruCache } from './lru-cache';
import { markImmutable, retire } from './serialized-results';

export interface SessionKey {
  tenantId: string;
  asleepUserId: string;
  sessionId: string;
  timezone: string;
}

export type PublishedSessionRef = Omit<SessionKey, 'timezone'>;

/** The zone `sleep.session.completed` renders its night in. */
const PUBLISHED_ZONE = 'UTC';

const userPrefix = (tenantId: string, asleepUserId: string) =>
  `${tenantId}\u0000${asleepUserId}\u0000`;
const sessionPrefix = (tenantId: string, asleepUserId: string, sessionId: string) =>
  `${userPrefix(tenantId, asleepUserId)}${sessionId}\u0000`;

export interface SessionCacheOptions {
  /** Nights read from the store and kept: a parsed night and its JSON take about 30 KB. */
  maxEntries?: number;
  /** Nights kept as published, for the reads that follow a live event (about 25 KB each). */
  maxPublished?: number;
  /** How long a published night is kept unread. */
  publishedTtlMs?: number;
  /** How long a deletion keeps its session or user from being kept again as published. */
  deletionMemoryMs?: number;
  now?: () => number;
}

/**
 * Completed sessions are immutable (Asleep contract 6: COMPLETE is final), so they are kept
 * until a deletion event drops them; open and closed sessions are never cached. An object is
 * marked immutable exactly while it is held here (see `serialized-results`).
 *
 * Besides the nights read from the store, the nights `sleep.session.completed` announces are
 * kept a short while as published (in UTC): a frontend that follows a user live reads the night
 * right after its event, and is then answered without asking the store. Such an event may be
 * handled after the deletion of its session or user (by another consumer, or by the erasure
 * itself), so deletions are remembered for a while and a published night they cover is not kept.
 */
export class SessionCache {
  private readonly cache: LruCache<SleepData>;
  private readonly published: LruCache<SleepData>;
  private readonly deleted: LruCache<true>;

  constructor(options: SessionCacheOptions = {}) {
    const now = options.now ?? Date.now;
    this.cache = new LruCache<SleepData>(
      options.maxEntries ?? 2_000,
      Number.POSITIVE_INFINITY,
      now,
      retire,
    );
    this.published = new LruCache<SleepData>(
      options.maxPublished ?? 1_000,
      options.publishedTtlMs ?? 60_000,
      now,
      retire,
    );
    this.deleted = new LruCache<true>(10_000, options.deletionMemoryMs ?? 600_000, now);
  }

  get(key: SessionKey): SleepData | undefined {
    const cacheKey = this.keyOf(key);
    return this.cache.get(cacheKey) ?? this.published.get(cacheKey);
  }

  /** Keeps the session only when it is complete; returns whether it did. */
  offer(key: SessionKey, session: SleepData): boolean {
    if (session.session.state !== 'COMPLETE') return false;
    markImmutable(session);
    this.cache.set(this.keyOf(key), session);
    return true;
  }

  /**
   * Keeps a night as `sleep.session.completed` published it (rendered in UTC), unless its
   * session or user was deleted lately; returns whether it did.
   */
  offerPublished(ref: PublishedSessionRef, session: SleepData): boolean {
    if (session.session.state !== 'COMPLETE') return false;
    if (
      this.deleted.get(sessionPrefix(ref.tenantId, ref.asleepUserId, ref.sessionId)) ||
      this.deleted.get(userPrefix(ref.tenantId, ref.asleepUserId))
    )
      return false;
    markImmutable(session);
    this.published.set(this.keyOf({ ...ref, timezone: PUBLISHED_ZONE }), session);
    return true;
  }

  forgetSession(tenantId: string, asleepUserId: string, sessionId: string): void {
    const prefix = sessionPrefix(tenantId, asleepUserId, sessionId);
    this.deleted.set(prefix, true);
    this.forgetPrefix(prefix);
  }

  forgetUser(tenantId: string, asleepUserId: string): void {
    const prefix = userPrefix(tenantId, asleepUserId);
    this.deleted.set(prefix, true);
    this.forgetPrefix(prefix);
  }

  get size(): number {
    return this.cache.size + this.published.size;
  }

  private forgetPrefix(prefix: string): void {
    this.cache.deletePrefix(prefix).forEach(retire);
    this.published.deletePrefix(prefix).forEach(retire);
  }

  private keyOf({ tenantId, asleepUserId, sessionId, timezone }: SessionKey): string {
    return `${sessionPrefix(tenantId, asleepUserId, sessionId)}${timezone}`;
  }
}
