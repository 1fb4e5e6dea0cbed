import type { Change, SyncResync } from '@sleep/contracts';
import type {
  AppendWaiter,
  ChangeBody,
  ChangeFilter,
  ChangeLedger,
  ChangeToAppend,
  LedgerPage,
} from '../ports/change-ledger.port';
import { encodeCursor, readPage } from '../services/change-cursor';
import type { FakeAppUsers } from './fakes';

interface Entry {
  seq: number;
  asleepUserId: string;
  dedupeKey: string;
  recordedAt: number;
  change: Omit<Change, 'cursor'>;
  body: ChangeBody | null;
}

interface TenantLedger {
  epoch: string;
  nextSeq: number;
  sweptThrough: number;
  entries: Entry[];
}

/** The change ledger in memory, with the real one's order, dedupe, erasure and retention rules. */
export class FakeChangeLedger implements ChangeLedger {
  private readonly tenants = new Map<string, TenantLedger>();
  private incarnations = 0;
  now = () => Date.now();

  constructor(private readonly users: FakeAppUsers) {}

  async append(change: ChangeToAppend): Promise<Change | null> {
    const user = [...this.users.users.values()].find(
      (u) => u.tenantId === change.tenantId && u.asleepUserId === change.asleepUserId,
    );
    if (!user) return null;
    const ledger = this.ledger(change.tenantId);
    const seen = ledger.entries.some(
      (e) =>
        e.dedupeKey === change.dedupeKey ||
        (e.asleepUserId === change.asleepUserId && e.change.type === 'user.deleted'),
    );
    if (seen) return null;
    return this.write(
      ledger,
      change.asleepUserId,
      change.dedupeKey,
      {
        type: change.type,
        userId: user.appUserId,
        subjectId: change.subjectId,
        occurredAt: change.occurredAt,
        data: change.data,
      },
      change.body ?? null,
    );
  }

  async appendAll(changes: readonly ChangeToAppend[]): Promise<Change[]> {
    const appended: Change[] = [];
    for (const change of changes) {
      const done = await this.append(change);
      if (done) appended.push(done);
    }
    return appended;
  }

  async readAfter(
    tenantId: string,
    cursor: string | null,
    limit: number,
    filter: ChangeFilter = {},
  ): Promise<LedgerPage | SyncResync> {
    const ledger = this.ledger(tenantId);
    const state = {
      epoch: ledger.epoch,
      head: ledger.nextSeq - 1,
      sweptThrough: ledger.sweptThrough,
    };
    const matching = async (after: number, count: number) =>
      ledger.entries
        .filter(
          (e) =>
            e.seq > after &&
            (!filter.appUserId || e.change.userId === filter.appUserId) &&
            (!filter.types || filter.types.includes(e.change.type)),
        )
        .slice(0, count);
    return readPage(state, cursor, limit, matching, (e) => ({
      ...e.change,
      cursor: encodeCursor(ledger.epoch, e.seq),
      ...(filter.withBodies ? { body: e.body } : {}),
    }));
  }

  async headCursor(tenantId: string): Promise<string> {
    const ledger = this.ledger(tenantId);
    return encodeCursor(ledger.epoch, ledger.nextSeq - 1);
  }

  async eraseUser(user: {
    tenantId: string;
    appUserId: string;
    asleepUserId: string;
    occurredAt: string;
  }): Promise<void> {
    const ledger = this.ledger(user.tenantId);
    const dedupeKey = `user.deleted:${user.asleepUserId}`;
    if (ledger.entries.some((e) => e.dedupeKey === dedupeKey)) return;
    ledger.entries = ledger.entries.filter((e) => e.asleepUserId !== user.asleepUserId);
    this.write(
      ledger,
      user.asleepUserId,
      dedupeKey,
      {
        type: 'user.deleted',
        userId: user.appUserId,
        subjectId: user.appUserId,
        occurredAt: user.occurredAt,
        data: {},
      },
      null,
    );
  }

  async sweep(before: Date): Promise<{ removed: number }> {
    let removed = 0;
    for (const ledger of this.tenants.values()) {
      const old = ledger.entries.filter((e) => e.recordedAt < before.getTime());
      if (old.length === 0) continue;
      ledger.sweptThrough = Math.max(ledger.sweptThrough, ...old.map((e) => e.seq));
      const kept = ledger.entries.filter((e) => e.seq > ledger.sweptThrough);
      removed += ledger.entries.length - kept.length;
      ledger.entries = kept;
    }
    return { removed };
  }

  async removeTenant(tenantId: string): Promise<void> {
    this.tenants.delete(tenantId);
  }

  appendWaiter(_tenantId: string): AppendWaiter {
    return {
      next: (signal) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 20);
          signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        }),
    };
  }

  private ledger(tenantId: string): TenantLedger {
    let ledger = this.tenants.get(tenantId);
    if (!ledger) {
      ledger = { epoch: `e${++this.incarnations}`, nextSeq: 1, sweptThrough: 0, entries: [] };
      this.tenants.set(tenantId, ledger);
    }
    return ledger;
  }

  private write(
    ledger: TenantLedger,
    asleepUserId: string,
    dedupeKey: string,
    change: Omit<Change, 'cursor'>,
    body: ChangeBody | null,
  ): Change {
    const seq = ledger.nextSeq++;
    ledger.entries.push({ seq, asleepUserId, dedupeKey, recordedAt: this.now(), change, body });
    return { ...change, cursor: encodeCursor(ledger.epoch, seq) };
  }
}
