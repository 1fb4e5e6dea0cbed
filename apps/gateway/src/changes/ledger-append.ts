import { randomBytes } from 'node:crypto';
import type { Change } from '@sleep/contracts';
import { type ChangeToAppend, encodeCursor } from '@sleep/gateway-api';
import type { Transaction } from '@sleep/persistence';
import { eq, getTableColumns, sql } from 'drizzle-orm';
import { appUsers, changeLedger, changeSequences } from '../db/schema';

type Row = typeof changeLedger.$inferSelect;
/** A row as readers of changes need it: without the body, which only live streams ask for. */
type ChangeRow = Omit<Row, 'body'>;

const { body: _body, ...withoutBody } = getTableColumns(changeLedger);
/** The ledger's columns but the body. */
export const ledgerColumns = withoutBody;
type Tx = Transaction<Record<string, unknown>>;
export type Sequence = typeof changeSequences.$inferSelect;

export const newEpoch = () => randomBytes(4).toString('hex');

/** The tenant's sequence row, created on first use, locked until the transaction ends. */
export async function lockSequence(tx: Tx, tenantId: string): Promise<Sequence> {
  const lock = () =>
    tx.select().from(changeSequences).where(eq(changeSequences.tenantId, tenantId)).for('update');
  let [sequence] = await lock();
  if (!sequence) {
    await tx.insert(changeSequences).values({ tenantId, epoch: newEpoch() }).onConflictDoNothing();
    [sequence] = await lock();
  }
  return sequence;
}

/**
 * Appends a tenant's changes, in the order given, with one insert: under the tenant's sequence
 * lock they take the next numbers without a hole, so they commit before any later number can.
 * Left out, taking no number: a change appended before (by its dedupe key; a second delivery
 * within `changes` too), and one of a user the gateway does not know or has erased.
 */
export async function appendInOrder(
  tx: Tx,
  tenantId: string,
  changes: readonly ChangeToAppend[],
): Promise<Change[]> {
  const sequence = await lockSequence(tx, tenantId);
  const input = JSON.stringify(
    changes.map((change, ord) => ({
      ord,
      type: change.type,
      asleep_user_id: change.asleepUserId,
      subject_id: change.subjectId,
      occurred_at: change.occurredAt,
      data: change.data,
      dedupe_key: change.dedupeKey,
      body: change.body ?? null,
    })),
  );
  // Read after the lock, so a concurrent delivery of the same events or an erasure is seen.
  const rows = await tx
    .insert(changeLedger)
    .select(
      sql`select ${tenantId}, ${sequence.nextSeq} + row_number() over (order by fresh.ord) - 1,
            fresh.type, users.app_user_id, fresh.asleep_user_id, fresh.subject_id,
            fresh.occurred_at, now(), fresh.data, fresh.dedupe_key, fresh.body
          from (
            select distinct on (given.dedupe_key) given.*
            from jsonb_to_recordset(${input}::jsonb) as given(
              ord int, type text, asleep_user_id text, subject_id text,
              occurred_at timestamptz, data jsonb, dedupe_key text, body jsonb)
            order by given.dedupe_key, given.ord
          ) fresh
          join ${appUsers} users
            on users.tenant_id = ${tenantId} and users.asleep_user_id = fresh.asleep_user_id
          where not exists (
            select 1 from ${changeLedger} kept
            where kept.tenant_id = ${tenantId}
              and (kept.dedupe_key = fresh.dedupe_key
                or (kept.asleep_user_id = fresh.asleep_user_id and kept.type = 'user.deleted')))`,
    )
    .returning(ledgerColumns);
  if (rows.length === 0) return [];
  await tx
    .update(changeSequences)
    .set({ nextSeq: sequence.nextSeq + rows.length })
    .where(eq(changeSequences.tenantId, tenantId));
  return rows.sort((a, b) => a.seq - b.seq).map((row) => changeOf(sequence.epoch, row));
}

/** One change at the head of the tenant's ledger, whose sequence row the transaction locked. */
export async function writeAtHead(
  tx: Tx,
  sequence: Sequence,
  row: Omit<Row, 'seq' | 'recordedAt' | 'body'>,
): Promise<Change> {
  const seq = sequence.nextSeq;
  await tx
    .update(changeSequences)
    .set({ nextSeq: seq + 1 })
    .where(eq(changeSequences.tenantId, sequence.tenantId));
  const [stored] = await tx
    .insert(changeLedger)
    .values({ ...row, seq })
    .returning(ledgerColumns);
  return changeOf(sequence.epoch, stored);
}

export function changeOf(epoch: string, row: ChangeRow): Change {
  return {
    cursor: encodeCursor(epoch, row.seq),
    type: row.type,
    userId: row.appUserId,
    subjectId: row.subjectId,
    occurredAt: row.occurredAt.toISOString(),
    data: row.data,
  };
}
