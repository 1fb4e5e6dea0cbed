import { Inject, Injectable } from '@nestjs/common';
import { TimeSlice } from '../common/time-slice';
import { DATABASE, type DatabaseHandle } from '@sleep/persistence';
import { type Delivery, type Night, sessionKey } from '../domain/night';
import { reduceNight, type Reduction } from '../domain/session-reducer';
import { changeEvent } from '../domain/session-events';
import type { StatMismatch } from '../domain/stat-check';
import { SESSION_SETTINGS, type SessionSettings } from '../session-settings';
import { writeBatch } from './bulk-writes';
import { outboxEntry } from './event-entry';
import { OutboxSignal } from './outbox-signal';
import { type RecoverySchedule, rowFromNight, type SessionInsert } from './session-row.mapper';
import {
  loadNights,
  loadOwners,
  lockUsers,
  type OutboxEntry,
  type StoredUser,
} from './session.repository';

export type DeliveryOutcome = Reduction['outcome'] | 'deleted' | 'tenant-mismatch';

export interface DeliveryResult {
  outcome: DeliveryOutcome;
  /** Set when a change was stored: the event type it announced. */
  eventType?: string;
  statMismatches?: readonly StatMismatch[];
}

export interface ApplyOptions {
  /** When a night still unfinished after this write is next fetched from the API. */
  recovery?: (night: Night) => RecoverySchedule;
}

/** Apply a batch of deliveries in one transaction: the convergence rules plus their events. */
@Injectable()
export class SessionWriter {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
    private readonly signal: OutboxSignal,
  ) {}

  async apply(
    deliveries: readonly Delivery[],
    options: ApplyOptions = {},
  ): Promise<DeliveryResult[]> {
    if (deliveries.length === 0) return [];
    const userIds = [...new Set(deliveries.map((d) => d.userId))];
    const refs = [
      ...new Map(deliveries.map((d) => [sessionKey(d.userId, d.sessionId), d])).values(),
    ];
    const now = new Date();
    const schedule = options.recovery ?? this.defaultSchedule(now);
    const topic = this.settings.topics.sessions.name;
    // Outbox ids handed to the relay before the commit; forgotten if it does not happen.
    let kept: string[] = [];
    const { results, events } = await this.database
      .transaction(async (tx) => {
        await lockUsers(tx, userIds);
        const { known, goneUsers, goneSessions } = await loadOwners(tx, refs);
        const nights = await loadNights(tx, refs);
        const seen = new Map<string, StoredUser>();
        const dirty = new Map<string, Night>();
        const entries: OutboxEntry[] = [];
        const reduceOne = (delivery: Delivery): DeliveryResult => {
          const key = sessionKey(delivery.userId, delivery.sessionId);
          if (goneUsers.has(delivery.userId) || goneSessions.has(key))
            return { outcome: 'deleted' };
          const owner = seen.get(delivery.userId) ?? known.get(delivery.userId);
          if (owner && owner.tenantId !== delivery.tenantId) return { outcome: 'tenant-mismatch' };
          seen.set(delivery.userId, widen(owner, delivery));
          const reduction = reduceNight(nights.get(key) ?? null, delivery);
          if (
            !reduction.night ||
            reduction.outcome === 'duplicate' ||
            reduction.outcome === 'after-complete'
          ) {
            return { outcome: reduction.outcome };
          }
          nights.set(key, reduction.night);
          dirty.set(key, reduction.night);
          if (!reduction.change) return { outcome: reduction.outcome };
          const event = changeEvent(reduction.night, reduction.change, delivery.receivedAtMs);
          entries.push(outboxEntry(event, topic));
          return {
            outcome: reduction.outcome,
            eventType: event.type,
            statMismatches: reduction.statMismatches,
          };
        };
        // Each night costs a fraction of a millisecond; a backlog's batch would hold the event loop
        // (and the reads this process serves) for all of them at once without the turns.
        const slice = new TimeSlice();
        const results: DeliveryResult[] = [];
        for (const delivery of deliveries) {
          await slice.next();
          results.push(reduceOne(delivery));
        }
        const rows: SessionInsert[] = [];
        for (const night of dirty.values()) {
          await slice.next();
          rows.push(rowFromNight(night, now, schedule(night)));
        }
        kept = await writeBatch(tx, {
          users: [...seen.values()].filter((user) => !covers(known.get(user.userId), user)),
          sessions: rows,
          events: entries,
        });
        this.signal.keep(
          kept,
          entries.map((entry) => entry.value),
        );
        return { results, events: entries.length };
      })
      .catch((error: unknown) => {
        this.signal.forget(kept);
        throw error;
      });
    if (events > 0) this.signal.wake();
    return results;
  }

  private defaultSchedule(now: Date): (night: Night) => RecoverySchedule {
    const dueAt = new Date(now.getTime() + this.settings.recoveryAfterMs);
    return () => ({ dueAt, attempts: 0 });
  }
}

function widen(user: StoredUser | undefined, delivery: Delivery): StoredUser {
  const at = new Date(delivery.receivedAtMs);
  if (!user)
    return {
      userId: delivery.userId,
      tenantId: delivery.tenantId,
      firstSeenAt: at,
      lastSeenAt: at,
    };
  return {
    ...user,
    firstSeenAt: at < user.firstSeenAt ? at : user.firstSeenAt,
    lastSeenAt: at > user.lastSeenAt ? at : user.lastSeenAt,
  };
}

/** True when the stored row already holds this range: no write needed. */
function covers(stored: StoredUser | undefined, user: StoredUser): boolean {
  return !!stored && stored.firstSeenAt <= user.firstSeenAt && stored.lastSeenAt >= user.lastSeenAt;
}
