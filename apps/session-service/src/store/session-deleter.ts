import { Inject, Injectable } from '@nestjs/common';
import type { SessionDeletionReason } from '@sleep/contracts';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { eq } from 'drizzle-orm';
import { deletedSessions, deletedUsers, sessions, users } from '../db/schema';
import { deletedEvent } from '../domain/session-events';
import { SESSION_SETTINGS, type SessionSettings } from '../session-settings';
import { outboxEntry } from './event-entry';
import { OutboxSignal } from './outbox-signal';
import { deleteNight, insertOutbox, loadNights, loadUsers, lockUsers } from './session.repository';
import { sessionKey } from '../domain/night';

export type DeletionResult =
  | { outcome: 'deleted'; sessions: number }
  | { outcome: 'absent' | 'tenant-mismatch' };

/** Deletions and their events, in one transaction each; a tombstone keeps late webhooks out. */
@Injectable()
export class SessionDeleter {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
    private readonly signal: OutboxSignal,
  ) {}

  async deleteSession(
    tenantId: string,
    userId: string,
    sessionId: string,
    reason: SessionDeletionReason,
  ): Promise<DeletionResult> {
    const result = await this.database.transaction(async (tx): Promise<DeletionResult> => {
      await lockUsers(tx, [userId]);
      const night = (await loadNights(tx, [{ userId, sessionId }])).get(
        sessionKey(userId, sessionId),
      );
      if (night && night.tenantId !== tenantId) return { outcome: 'tenant-mismatch' };
      if (reason === 'session-deleted') {
        await tx.insert(deletedSessions).values({ userId, sessionId }).onConflictDoNothing();
      }
      if (!night) return { outcome: 'absent' };
      await deleteNight(tx, userId, sessionId);
      await insertOutbox(tx, [
        outboxEntry(deletedEvent(night, reason, Date.now()), this.settings.topics.sessions.name),
      ]);
      return { outcome: 'deleted', sessions: 1 };
    });
    if (result.outcome === 'deleted') this.signal.wake();
    return result;
  }

  /** The user and every night of theirs; one `sleep.session.deleted` per night. */
  async deleteUser(tenantId: string, userId: string): Promise<DeletionResult> {
    const result = await this.database.transaction(async (tx): Promise<DeletionResult> => {
      await lockUsers(tx, [userId]);
      const user = (await loadUsers(tx, [userId])).get(userId);
      if (user && user.tenantId !== tenantId) return { outcome: 'tenant-mismatch' };
      const nights = await tx
        .select({
          sessionId: sessions.sessionId,
          tenantId: sessions.tenantId,
          version: sessions.version,
        })
        .from(sessions)
        .where(eq(sessions.userId, userId));
      const topic = this.settings.topics.sessions.name;
      const now = Date.now();
      await insertOutbox(
        tx,
        nights.map((night) =>
          outboxEntry(deletedEvent({ ...night, userId }, 'user-deleted', now), topic),
        ),
      );
      await tx.delete(sessions).where(eq(sessions.userId, userId));
      await tx.delete(deletedSessions).where(eq(deletedSessions.userId, userId));
      await tx.delete(users).where(eq(users.userId, userId));
      await tx.insert(deletedUsers).values({ userId, tenantId }).onConflictDoNothing();
      return user || nights.length > 0
        ? { outcome: 'deleted', sessions: nights.length }
        : { outcome: 'absent' };
    });
    if (result.outcome === 'deleted' && result.sessions > 0) this.signal.wake();
    return result;
  }
}
