import type { SleepData } from '@sleep/contracts';
import { LruCache } from './lru-cache';
import { markImmutable, retire } from './serialized-results';

export interface SessionKey {
  tenantId: string;
  asleepUserId: string;
  sessionId: string;
  timezone: string;
}

const userPrefix = (tenantId: string, asleepUserId: string) =>
  `${tenantId}\u0000${asleepUserId}\u0000`;

/**
 * Completed sessions are immutable (Asleep contract 6: COMPLETE is final), so they are kept
 * until a deletion event drops them; open and closed sessions are never cached. An object is
 * marked immutable exactly while it is held here (see `serialized-results`).
 */
export class SessionCache {
  private readonly cache: LruCache<SleepData>;

  /** A parsed eight-hour night and its JSON take about 30 KB: 2,000 nights, about 60 MB. */
  constructor(maxEntries = 2_000) {
    this.cache = new LruCache<SleepData>(maxEntries, Number.POSITIVE_INFINITY, Date.now, retire);
  }

  get(key: SessionKey): SleepData | undefined {
    return this.cache.get(this.keyOf(key));
  }

  /** Keeps the session only when it is complete; returns whether it did. */
  offer(key: SessionKey, session: SleepData): boolean {
    if (session.session.state !== 'COMPLETE') return false;
    markImmutable(session);
    this.cache.set(this.keyOf(key), session);
    return true;
  }

  forgetSession(tenantId: string, asleepUserId: string, sessionId: string): void {
    this.cache
      .deletePrefix(`${userPrefix(tenantId, asleepUserId)}${sessionId}\u0000`)
      .forEach(retire);
  }

  forgetUser(tenantId: string, asleepUserId: string): void {
    this.cache.deletePrefix(userPrefix(tenantId, asleepUserId)).forEach(retire);
  }

  get size(): number {
    return this.cache.size;
  }

  private keyOf({ tenantId, asleepUserId, sessionId, timezone }: SessionKey): string {
    return `${userPrefix(tenantId, asleepUserId)}${sessionId}\u0000${timezone}`;
  }
}
