import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Inject, Injectable } from '@nestjs/common';
import type { Change, SyncChangesPage, SyncResync } from '@sleep/contracts';
import {
  type ChangeFilter,
  type ChangeLedger,
  type ChangeToAppend,
  cursorAfterPage,
  encodeCursor,
  type LedgerState,
  readStart,
} from '@sleep/gateway-api';
import { DATABASE, type DatabaseHandle, type Transaction } from '@sleep/persistence';
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { appUsers, changeLedger, changeSequences } from '../db/schema';

/** How often a waiting `sync.live` looks for changes another replica appended. */
const POLL_MS = 1_000;

type Row = typeof changeLedger.$inferSelect;
type Tx = Transaction<Record<string, unknown>>;

/**
 * The change ledger in `gateway.change_ledger`. Each writer locks its tenant's row of
 * `change_sequences` for the length of its transaction and takes the next number there, so
 * changes commit in sequence order: a reader that sees number n has seen every number below n
 * (a global sequence would not promise that; a lower number can commit after a higher one).
 */
@Injectable()
export class ChangeLedgerRepository implements ChangeLedger {
  private readonly appended = new EventEmitter().setMaxListeners(0);

  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async append(change: ChangeToAppend): Promise<Change | null> {
    const appended = await this.database
      .transaction(async (tx) => {
        const taken = await takeNumber(tx, change.tenantId);
        // Read after the lock, so a concurrent delivery of the same event or an erasure is seen.
        const [row] = await tx
          .insert(changeLedger)
          .select(
            sql`select ${change.tenantId}, ${taken.seq}, ${change.type}, app_user_id, asleep_user_id,
                  ${change.subjectId}, ${change.occurredAt}::timestamptz, now(),
                  ${JSON.stringify(change.data)}::jsonb, ${change.dedupeKey}
                from ${appUsers}
                where tenant_id = ${change.tenantId} and asleep_user_id = ${change.asleepUserId}
                  and not exists (
                    select 1 from ${changeLedger}
                    where tenant_id = ${change.tenantId}
                      and (dedupe_key = ${change.dedupeKey}
                        or (asleep_user_id = ${change.asleepUserId} and type = 'user.deleted')))`,
          )
          .returning();
        // Nothing to append: give the number back, so the sequence has no hole.
        if (!row) throw NOTHING_APPENDED;
        return changeOf(taken.epoch, row);
      })
      .catch((error: unknown) => {
        if (error === NOTHING_APPENDED) return null;
        throw error;
      });
    if (appended) this.appended.emit(change.tenantId);
    return appended;
  }

  async readAfter(
    tenantId: string,
    cursor: string | null,
    limit: number,
    filter: ChangeFilter = {},
  ): Promise<SyncChangesPage | SyncResync> {
    const ledger = await this.state(tenantId);
    const start = readStart(cursor, ledger);
    if ('resync' in start)
      return {
        status: 'resync',
        reason: start.resync,
        cursor: encodeCursor(ledger.epoch, ledger.head),
      };
    const rows = await this.database.db
      .select()
      .from(changeLedger)
      .where(
        and(
          eq(changeLedger.tenantId, tenantId),
          gt(changeLedger.seq, start.after),
          filter.appUserId ? eq(changeLedger.appUserId, filter.appUserId) : undefined,
          filter.types ? inArray(changeLedger.type, [...filter.types]) : undefined,
        ),
      )
      .orderBy(asc(changeLedger.seq))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const hasMore = rows.length > limit;
    return {
      status: 'changes',
      changes: page.map((row) => changeOf(ledger.epoch, row)),
      cursor: cursorAfterPage(ledger, start.after, page.at(-1)?.seq ?? null, hasMore),
      hasMore,
    };
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
      return write(tx, sequence, {
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
    if (appended) this.appended.emit(user.tenantId);
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

  async waitForAppend(tenantId: string, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off(tenantId, done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, POLL_MS);
      this.appended.on(tenantId, done);
      signal.addEventListener('abort', done);
    });
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

type Sequence = typeof changeSequences.$inferSelect;

const newEpoch = () => randomBytes(4).toString('hex');

/** Thrown to roll an append back when there is nothing to append. */
const NOTHING_APPENDED = new Error('nothing appended');

/**
 * The tenant's next sequence number, taken under its row lock (held until the transaction ends,
 * so the change commits before any later number can); the row is created on first use.
 */
async function takeNumber(tx: Tx, tenantId: string): Promise<{ seq: number; epoch: string }> {
  const take = () =>
    tx
      .update(changeSequences)
      .set({ nextSeq: sql`${changeSequences.nextSeq} + 1` })
      .where(eq(changeSequences.tenantId, tenantId))
      .returning({
        seq: sql<number>`${changeSequences.nextSeq} - 1`.mapWith(Number),
        epoch: changeSequences.epoch,
      });
  let [taken] = await take();
  if (!taken) {
    await tx.insert(changeSequences).values({ tenantId, epoch: newEpoch() }).onConflictDoNothing();
    [taken] = await take();
  }
  return taken;
}

const stateOf = (sequence: Sequence): LedgerState => ({
  epoch: sequence.epoch,
  head: sequence.nextSeq - 1,
  sweptThrough: sequence.sweptThrough,
});

/** The tenant's sequence row, created on first use, locked until the transaction ends. */
async function lockSequence(tx: Tx, tenantId: string): Promise<Sequence> {
  await tx.insert(changeSequences).values({ tenantId, epoch: newEpoch() }).onConflictDoNothing();
  const [sequence] = await tx
    .select()
    .from(changeSequences)
    .where(eq(changeSequences.tenantId, tenantId))
    .for('update');
  return sequence;
}

async function write(
  tx: Tx,
  sequence: Sequence,
  row: Omit<Row, 'seq' | 'recordedAt'>,
): Promise<Change> {
  const seq = sequence.nextSeq;
  await tx
    .update(changeSequences)
    .set({ nextSeq: seq + 1 })
    .where(eq(changeSequences.tenantId, sequence.tenantId));
  const [stored] = await tx
    .insert(changeLedger)
    .values({ ...row, seq })
    .returning();
  return changeOf(sequence.epoch, stored);
}

function changeOf(epoch: string, row: Row): Change {
  return {
    cursor: encodeCursor(epoch, row.seq),
    type: row.type,
    userId: row.appUserId,
    subjectId: row.subjectId,
    occurredAt: row.occurredAt.toISOString(),
    data: row.data,
  };
}
