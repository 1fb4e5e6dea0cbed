import type { BackfillRequested } from '@sleep/contracts';
import type { DatabaseHandle } from '@sleep/persistence';
import { and, eq, sql } from 'drizzle-orm';
import { backfillJobs, sessions } from '../db/schema';

export type BackfillJob = typeof backfillJobs.$inferSelect;

/** A claimed job is left to its instance this long, renewed after every page. */
export const LEASE_MS = 15_000;

const leaseFromNow = (ms = LEASE_MS) => new Date(Date.now() + ms);

/** Idempotent: a redelivered command is the same job. */
export async function recordJob(
  database: DatabaseHandle,
  command: BackfillRequested,
): Promise<void> {
  const { userId, dateFrom, dateTo, timezone } = command.payload;
  await database.db
    .insert(backfillJobs)
    .values({
      commandId: command.eventId,
      tenantId: command.tenantId,
      userId,
      dateFrom,
      dateTo,
      timezone,
      status: 'PENDING',
      requestedAt: new Date(command.occurredAt),
    })
    .onConflictDoNothing();
}

/** The oldest open job whose lease ran out (or never existed), now leased to the caller. */
export async function claimJob(database: DatabaseHandle): Promise<BackfillJob | undefined> {
  const [job] = await database.db
    .update(backfillJobs)
    .set({ status: 'RUNNING', leaseUntil: leaseFromNow(), updatedAt: new Date() })
    .where(
      eq(
        backfillJobs.commandId,
        sql`(select command_id from backfill_jobs
             where status in ('PENDING', 'RUNNING') and (lease_until is null or lease_until < now())
             order by requested_at limit 1 for update skip locked)`,
      ),
    )
    .returning();
  return job;
}

export async function saveProgress(
  database: DatabaseHandle,
  job: BackfillJob,
  progress: { nextOffset: number; imported: number; skipped: number; done: boolean },
): Promise<void> {
  const now = new Date();
  await database.db
    .update(backfillJobs)
    .set({
      nextOffset: progress.nextOffset,
      imported: sql`${backfillJobs.imported} + ${progress.imported}`,
      skipped: sql`${backfillJobs.skipped} + ${progress.skipped}`,
      status: progress.done ? 'DONE' : 'RUNNING',
      leaseUntil: progress.done ? null : leaseFromNow(),
      updatedAt: now,
      finishedAt: progress.done ? now : null,
    })
    .where(eq(backfillJobs.commandId, job.commandId));
}

/** Gives the job up for now: another round (on any instance) takes it after `retryInMs`. */
export async function releaseJob(
  database: DatabaseHandle,
  job: BackfillJob,
  retryInMs: number,
  error: string,
): Promise<void> {
  await database.db
    .update(backfillJobs)
    .set({ leaseUntil: leaseFromNow(retryInMs), error, updatedAt: new Date() })
    .where(eq(backfillJobs.commandId, job.commandId));
}

export async function failJob(
  database: DatabaseHandle,
  job: BackfillJob,
  error: string,
): Promise<void> {
  const now = new Date();
  await database.db
    .update(backfillJobs)
    .set({ status: 'FAILED', leaseUntil: null, error, updatedAt: now, finishedAt: now })
    .where(eq(backfillJobs.commandId, job.commandId));
}

export async function isStoredComplete(
  database: DatabaseHandle,
  userId: string,
  sessionId: string,
): Promise<boolean> {
  const [row] = await database.db
    .select({ state: sessions.state })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.sessionId, sessionId)));
  return row?.state === 'COMPLETE';
}
