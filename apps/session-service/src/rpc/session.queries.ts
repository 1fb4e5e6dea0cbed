import type { UserMetadata } from '@sleep/contracts';
import type { DatabaseHandle } from '@sleep/persistence';
import { and, asc, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { sessions, users } from '../db/schema';
import type { Night } from '../domain/night';
import type { NightSummary } from '../domain/render-session';
import { nightFromRow } from '../store/session-row.mapper';

export interface UserRecord {
  userId: string;
  tenantId: string;
  metadata: UserMetadata | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface ListFilter {
  fromMs: number | null;
  untilMs: number | null;
  order: 'ASC' | 'DESC';
  offset: number;
  limit: number;
}

const summaryColumns = {
  sessionId: sessions.sessionId,
  state: sessions.state,
  startTime: sessions.startTime,
  endTime: sessions.endTime,
  unexpectedEndTime: sessions.unexpectedEndTime,
  createdTimezone: sessions.createdTimezone,
  lastSeqNum: sessions.lastSeqNum,
};

type SummaryRow = {
  [K in keyof typeof summaryColumns]: (typeof summaryColumns)[K]['_']['data'] | null;
};

const toSummary = (row: SummaryRow): NightSummary => ({
  sessionId: row.sessionId as string,
  state: row.state as NightSummary['state'],
  startMs: (row.startTime as Date).getTime(),
  endMs: row.endTime?.getTime() ?? null,
  unexpectedEndMs: row.unexpectedEndTime?.getTime() ?? null,
  createdTimezone: row.createdTimezone,
  lastSeqNum: row.lastSeqNum,
});

/** The read side of the store, for the RPC: every lookup starts from the user (index prefix). */
export class SessionQueries {
  constructor(private readonly database: DatabaseHandle) {}

  /** COMPLETE nights after a (user id, session id) cursor, in that order (the primary key). */
  async completedAfter(
    after: { userId: string; sessionId: string } | null,
    limit: number,
  ): Promise<Night[]> {
    const rows = await this.database.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.state, 'COMPLETE'),
          after
            ? sql`(${sessions.userId}, ${sessions.sessionId}) > (${after.userId}, ${after.sessionId})`
            : undefined,
        ),
      )
      .orderBy(asc(sessions.userId), asc(sessions.sessionId))
      .limit(limit);
    return rows.map(nightFromRow);
  }

  async user(userId: string): Promise<UserRecord | undefined> {
    const [row] = await this.database.db.select().from(users).where(eq(users.userId, userId));
    return row && { ...row, metadata: row.metadata ?? null };
  }

  async night(userId: string, sessionId: string): Promise<Night | undefined> {
    const [row] = await this.database.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, userId), eq(sessions.sessionId, sessionId)));
    return row && nightFromRow(row);
  }

  /** Ordered by start, then id, so pages never overlap or skip (Asleep contract S2). */
  async list(userId: string, filter: ListFilter): Promise<NightSummary[]> {
    const conditions: SQL[] = [eq(sessions.userId, userId)];
    if (filter.fromMs !== null) conditions.push(gte(sessions.startTime, new Date(filter.fromMs)));
    if (filter.untilMs !== null) conditions.push(lt(sessions.startTime, new Date(filter.untilMs)));
    const direction = filter.order === 'ASC' ? asc : desc;
    if (filter.limit === 0) return [];
    const rows = await this.database.db
      .select(summaryColumns)
      .from(sessions)
      .where(and(...conditions))
      .orderBy(direction(sessions.startTime), direction(sessions.sessionId))
      .limit(filter.limit)
      .offset(filter.offset);
    return rows.map(toSummary);
  }

  async countAndLatest(userId: string): Promise<{ count: number; latest: NightSummary | null }> {
    const [counted] = await this.database.db
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, userId));
    const [latest] = await this.list(userId, {
      fromMs: null,
      untilMs: null,
      order: 'DESC',
      offset: 0,
      limit: 1,
    });
    return { count: Number(counted?.n ?? 0), latest: latest ?? null };
  }
}
