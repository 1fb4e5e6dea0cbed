import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Change, SyncResync } from '@sleep/contracts';
import {
  type AppendWaiter,
  type ChangeFilter,
  type ChangeLedger,
  type ChangeToAppend,
  encodeCursor,
  type LedgerChange,
  type LedgerPage,
  type LedgerState,
  readPage,
} from '@sleep/gateway-api';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { changeLedger, changeSequences } from '../db/schema';
import { AppendSignal } from './append-signal';
import {
  appendInOrder,
  changeOf,
  ledgerColumns,
  lockSequence,
  newEpoch,
  type Sequence,
  writeAtHead,
} from './ledger-append';

/**
 * The change ledger in `gateway.change_ledger`. Each writer locks its tenant's row of
 * `change_sequences` for the length of its transaction and takes the next numbers there, so
 * changes commit in sequence order: a reader that sees number n has seen every number below n
 * (a global sequence would not promise that; a lower number can commit after a higher one).
 */
@Injectable()
export class ChangeLedgerRepository implements ChangeLedger, OnModuleDestroy {
  private readonly appended = new AppendSignal((tenantId) => this.head(tenantId));

  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  onModuleDestroy(): void {
    this.appended.close();
  }

  async append(change: ChangeToAppend): Promise<Change | null> {
    const [appended] = await this.appendAll([change]);
    return appended ?? null;
  }

  async appendAll(changes: readonly ChangeToAppend[]): Promise<Change[]> {
    const byTenant = new Map<string, ChangeToAppend[]>();
    for (const change of changes) {
      const ofTenant = byTenant.get(change.tenantId);
      if (ofTenant) ofTenant.push(change);
      else byTenant.set(change.tenantId, [change]);
    }
    const appended = await Promise.all(
      [...byTenant].map(async ([tenantId, ofTenant]) => {
        const rows = await this.database.transaction((tx) => appendInOrder(tx, tenantId, ofTenant));
        if (rows.length > 0)
          this.appended.notify(
            tenantId,
            rows.map((row) => row.userId),
          );
        return rows;
      }),
    );
    return appended.flat();
  }

  async readAfter(
    tenantId: string,
    cursor: string | null,
    limit: number,
    filter: ChangeFilter = {},
  ): Promise<LedgerPage | SyncResync> {
    const ledger = await this.state(tenantId);
    const columns = filter.withBodies
      ? { ...ledgerColumns, body: changeLedger.body }
      : ledgerColumns;
    const rowsAfter = (after: number, count: number) =>
      this.database.db
        .select(columns)
        .from(changeLedger)
        .where(
          and(
            eq(changeLedger.tenantId, tenantId),
            gt(changeLedger.seq, after),
            filter.appUserId ? eq(changeLedger.appUserId, filter.appUserId) : undefined,
            filter.types ? inArray(changeLedger.type, [...filter.types]) : undefined,
          ),
        )
        .orderBy(asc(changeLedger.seq))
        .limit(count);
    return readPage(ledger, cursor, limit, rowsAfter, (row): LedgerChange => {
      const change = changeOf(ledger.epoch, row);
      return 'body' in row ? { ...change, body: row.body ?? null } : change;
    });
  }

  async headCursor(tenantId: string): Promise<string> {
    const ledger = await this.state(tenantId);
    return encodeCursor(ledger.epoch, ledger.head);
  }

  async eraseUser(user: {
    tenantId: string;
    appUserId: string;
    asleepUserId: string;
    occurredAt: string;
  }): Promise<void> {
    const dedupeKey = `user.deleted:${user.asleepUserId}`;
    const appended = await this.database.transaction(async (tx) => {
      const sequence = await lockSequence(tx, user.tenantId);
      const [seen] = await tx
        .select({ seq: changeLedger.seq })
        .from(changeLedger)
        .where(
          and(eq(changeLedger.tenantId, user.tenantId), eq(changeLedger.dedupeKey, dedupeKey)),
        );
      if (seen) return null;
      await tx
        .delete(changeLedger)
        .where(
          and(
            eq(changeLedger.tenantId, user.tenantId),
            eq(changeLedger.asleepUserId, user.asleepUserId),
          ),
        );
      return writeAtHead(tx, sequence, {
        tenantId: user.tenantId,
        type: 'user.deleted',
        appUserId: user.appUserId,
        asleepUserId: user.asleepUserId,
        subjectId: user.appUserId,
        occurredAt: new Date(user.occurredAt),
        data: {},
        dedupeKey,
      });
    });
    if (appended) this.appended.notify(user.tenantId);
  }

  async sweep(before: Date): Promise<{ removed: number }> {
    return this.database.transaction(async (tx) => {
      const old = await tx
        .select({ tenantId: changeLedger.tenantId, last: sql<string>`max(${changeLedger.seq})` })
        .from(changeLedger)
        .where(sql`${changeLedger.recordedAt} < ${before.toISOString()}`)
        .groupBy(changeLedger.tenantId);
      let removed = 0;
      for (const { tenantId, last } of old) {
        // Everything up to the newest old change goes, so what stays has no hole below it.
        const deleted = await tx
          .delete(changeLedger)
          .where(and(eq(changeLedger.tenantId, tenantId), lte(changeLedger.seq, Number(last))))
          .returning({ seq: changeLedger.seq });
        removed += deleted.length;
        await tx
          .update(changeSequences)
          .set({ sweptThrough: sql`greatest(${changeSequences.sweptThrough}, ${Number(last)})` })
          .where(eq(changeSequences.tenantId, tenantId));
      }
      return { removed };
    });
  }

  async removeTenant(tenantId: string): Promise<void> {
    await this.database.transaction(async (tx) => {
      await tx.delete(changeLedger).where(eq(changeLedger.tenantId, tenantId));
      await tx.delete(changeSequences).where(eq(changeSequences.tenantId, tenantId));
    });
  }

  appendWaiter(tenantId: string, appUserId?: string): AppendWaiter {
    return this.appended.waiter(tenantId, appUserId);
  }

  /** The last sequence number taken for the tenant; null before its first change. */
  private async head(tenantId: string): Promise<number | null> {
    const [sequence] = await this.database.db
      .select({ nextSeq: changeSequences.nextSeq })
      .from(changeSequences)
      .where(eq(changeSequences.tenantId, tenantId));
    return sequence ? sequence.nextSeq - 1 : null;
  }

  /** The tenant's ledger as it stands; created (empty) on a tenant's first read. */
  private async state(tenantId: string): Promise<LedgerState> {
    const read = () =>
      this.database.db.select().from(changeSequences).where(eq(changeSequences.tenantId, tenantId));
    let [sequence] = await read();
    if (!sequence) {
      await this.database.db
        .insert(changeSequences)
        .values({ tenantId, epoch: newEpoch() })
        .onConflictDoNothing();
      [sequence] = await read();
    }
    return stateOf(sequence);
  }
}

const stateOf = (sequence: Sequence): LedgerState => ({
  epoch: sequence.epoch,
  head: sequence.nextSeq - 1,
  sweptThrough: sequence.sweptThrough,
});
