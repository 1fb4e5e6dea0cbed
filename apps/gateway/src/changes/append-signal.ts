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

/**
 * Wakes the live streams of a tenant when its ledger grew: at once for appends on this replica,
 * and, for other replicas' appends, by one poll of the tenant's head per interval however many
 * streams wait (not one query per stream). The first poll of a newly watched tenant always wakes
 * its waiters, since it has nothing to compare with. Each wake-up is also counted per tenant, so a
 * waiter that was busy reading when it came (see `waiter`) does not wait for the next one.
 */
export class AppendSignal {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly watches = new Map<string, Watch>();
  private readonly wakeUps = new Map<string, number>();
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

  notify(tenantId: string): void {
    this.wake(tenantId);
  }

  /**
   * Waits for the tenant's appends from now on: `next` resolves at once when one came since the
   * waiter was made or `next` last resolved, e.g. while its stream was reading the ledger.
   */
  waiter(tenantId: string): AppendWaiter {
    let seen = this.wakeUpsOf(tenantId);
    return {
      next: async (signal) => {
        await this.wait(tenantId, signal, () => this.wakeUpsOf(tenantId) !== seen);
        seen = this.wakeUpsOf(tenantId);
      },
    };
  }

  /**
   * Resolves on the tenant's next append (or a poll that may have seen one); see the class. At
   * once if `woken` says one came already.
   */
  async wait(tenantId: string, signal: AbortSignal, woken = () => false): Promise<void> {
    if (this.closed) throw new ChangeLedgerClosedError();
    if (signal.aborted || woken()) return;
    const watch = this.watch(tenantId);
    watch.waiters++;
    watch.idleSinceMs = null;
    try {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.emitter.off(tenantId, done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.emitter.on(tenantId, done);
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
    for (const tenantId of this.emitter.eventNames()) this.emitter.emit(tenantId);
  }

  private wake(tenantId: string): void {
    this.wakeUps.set(tenantId, this.wakeUpsOf(tenantId) + 1);
    this.emitter.emit(tenantId);
  }

  private wakeUpsOf(tenantId: string): number {
    return this.wakeUps.get(tenantId) ?? 0;
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
      return;
    }
    const head = await this.readHead(tenantId).catch(() => undefined);
    // Unreadable (the database away): wake them anyway, their own read will tell.
    if (head === undefined || head !== watch.head) this.wake(tenantId);
    if (head !== undefined) watch.head = head;
  }
}
