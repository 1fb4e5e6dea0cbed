import { EventEmitter } from 'node:events';
import { type AppendWaiter, ChangeLedgerClosedError } from '@sleep/gateway-api';

interface Watch {
  timer: NodeJS.Timeout;
  waiters: number;
  /** The head at the last poll (null: no change yet); undefined before the first poll. */
  head: number | null | undefined;
  idleSinceMs: number | null;
}

export interface AppendSignalOptions {
  /** How often a tenant with waiting streams is looked at for other replicas' appends. */
  pollMs?: number;
  /** How long a tenant stays watched after its last waiter left (streams wait again at once). */
  lingerMs?: number;
  now?: () => number;
}

/** Wake-ups of one tenant, counted so a waiter that was busy reading still sees them. */
interface TenantWakeUps {
  /** Every wake-up: an append of anyone's changes, or a poll that may have seen one. */
  any: number;
  /** Wake-ups that may concern any user: polls, appends that did not say whose changes they held. */
  everyone: number;
  /** Per app user with a waiter: appends that held that user's changes. */
  users: Map<string, number>;
}

/**
 * Wakes the live streams of a tenant when its ledger grew: at once for appends on this replica,
 * and, for other replicas' appends, by one poll of the tenant's head per interval however many
 * streams wait (not one query per stream). The first poll of a newly watched tenant always wakes
 * its waiters, since it has nothing to compare with. A stream of one app user's changes waits
 * for appends that hold that user's changes (and for polls): an append of another user's night
 * does not make it read the ledger. Each wake-up is also counted, so a waiter that was busy
 * reading when it came (see `waiter`) does not wait for the next one.
 */
export class AppendSignal {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly watches = new Map<string, Watch>();
  private readonly wakeUps = new Map<string, TenantWakeUps>();
  private readonly pollMs: number;
  private readonly lingerMs: number;
  private readonly now: () => number;
  private closed = false;

  constructor(
    private readonly readHead: (tenantId: string) => Promise<number | null>,
    options: AppendSignalOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1_000;
    this.lingerMs = options.lingerMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** An append on this replica; `appUserIds`, when given, are the users whose changes it held. */
  notify(tenantId: string, appUserIds?: Iterable<string>): void {
    if (!appUserIds) return this.wakeEveryone(tenantId);
    const counts = this.wakeUpsOf(tenantId);
    counts.any++;
    for (const appUserId of new Set(appUserIds)) {
      const count = counts.users.get(appUserId);
      // Without an entry no waiter of that user has counted from it (see `waiter`).
      if (count === undefined) continue;
      counts.users.set(appUserId, count + 1);
      this.emitter.emit(userEvent(tenantId, appUserId));
    }
    this.emitter.emit(tenantId);
  }

  /**
   * Waits for the tenant's appends from now on (only those holding `appUserId`'s changes, when
   * given): `next` resolves at once when one came since the waiter was made or `next` last
   * resolved, e.g. while its stream was reading the ledger.
   */
  waiter(tenantId: string, appUserId?: string): AppendWaiter {
    const counts = this.wakeUpsOf(tenantId);
    if (appUserId === undefined) {
      let seen = counts.any;
      return {
        next: async (signal) => {
          await this.wait(tenantId, signal, () => counts.any !== seen);
          seen = counts.any;
        },
      };
    }
    const own = () => counts.users.get(appUserId);
    if (own() === undefined) counts.users.set(appUserId, 0);
    let seen = { everyone: counts.everyone, own: own() };
    return {
      next: async (signal) => {
        // A count dropped while its tenant was unwatched cannot say what was missed: woken.
        const woken = () => counts.everyone !== seen.everyone || own() !== seen.own;
        await this.wait(tenantId, signal, woken, [
          everyoneEvent(tenantId),
          userEvent(tenantId, appUserId),
        ]);
        if (own() === undefined) counts.users.set(appUserId, 0);
        seen = { everyone: counts.everyone, own: own() };
      },
    };
  }

  /**
   * Resolves on the tenant's next append (or a poll that may have seen one); see the class. At
   * once if `woken` says one came already. `events`: what wakes it (any append of the tenant).
   */
  async wait(
    tenantId: string,
    signal: AbortSignal,
    woken = () => false,
    events: readonly string[] = [tenantId],
  ): Promise<void> {
    if (this.closed) throw new ChangeLedgerClosedError();
    if (signal.aborted || woken()) return;
    const watch = this.watch(tenantId);
    watch.waiters++;
    watch.idleSinceMs = null;
    try {
      await new Promise<void>((resolve) => {
        const done = () => {
          for (const event of events) this.emitter.off(event, done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        for (const event of events) this.emitter.on(event, done);
        signal.addEventListener('abort', done);
      });
    } finally {
      watch.waiters--;
      if (watch.waiters === 0) watch.idleSinceMs = this.now();
    }
    if (this.closed) throw new ChangeLedgerClosedError();
  }

  /** Tenants watched now (for tests and metrics). */
  watched(): number {
    return this.watches.size;
  }

  /** On shutdown: every waiter is released with ChangeLedgerClosedError, so open streams end. */
  close(): void {
    this.closed = true;
    for (const watch of this.watches.values()) clearInterval(watch.timer);
    this.watches.clear();
    for (const event of this.emitter.eventNames()) this.emitter.emit(event);
  }

  private wakeEveryone(tenantId: string): void {
    const counts = this.wakeUpsOf(tenantId);
    counts.any++;
    counts.everyone++;
    this.emitter.emit(tenantId);
    this.emitter.emit(everyoneEvent(tenantId));
  }

  private wakeUpsOf(tenantId: string): TenantWakeUps {
    let counts = this.wakeUps.get(tenantId);
    if (!counts) {
      counts = { any: 0, everyone: 0, users: new Map() };
      this.wakeUps.set(tenantId, counts);
    }
    return counts;
  }

  private watch(tenantId: string): Watch {
    let watch = this.watches.get(tenantId);
    if (!watch) {
      const timer = setInterval(() => void this.poll(tenantId), this.pollMs);
      timer.unref();
      watch = { timer, waiters: 0, head: undefined, idleSinceMs: null };
      this.watches.set(tenantId, watch);
    }
    return watch;
  }

  private async poll(tenantId: string): Promise<void> {
    const watch = this.watches.get(tenantId);
    if (!watch) return;
    if (watch.idleSinceMs !== null && this.now() - watch.idleSinceMs > this.lingerMs) {
      clearInterval(watch.timer);
      this.watches.delete(tenantId);
      // The users' counts go with the watch, so they do not pile up for users who left.
      this.wakeUps.get(tenantId)?.users.clear();
      return;
    }
    const head = await this.readHead(tenantId).catch(() => undefined);
    // Unreadable (the database away): wake them anyway, their own read will tell.
    if (head === undefined || head !== watch.head) this.wakeEveryone(tenantId);
    if (head !== undefined) watch.head = head;
  }
}

// Any append of a tenant is emitted under its id; these cannot collide with an id.
const everyoneEvent = (tenantId: string) => `\u0000everyone\u0000${tenantId}`;
const userEvent = (tenantId: string, appUserId: string) =>
  `\u0000user\u0000${tenantId}\u0000${appUserId}`;
