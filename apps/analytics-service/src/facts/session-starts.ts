import {
  type AnalyticsRules,
  isIanaTimezone,
  SESSION_COMPLETED,
  SESSION_PROGRESSED,
  type SessionEvent,
} from '@sleep/contracts';
import type { Transaction } from '@sleep/persistence';
import { parseInstant, sleepDayOfStarted } from '@sleep/sleep-metrics';
import { sql } from 'drizzle-orm';
import { factKey } from './fact-intents';

type Tx = Transaction<Record<string, unknown>>;
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/**
 * A session as tracking completeness counts it: started once any event about it arrived (its
 * first `sleep.session.progressed`, or straight `sleep.session.completed` for a night recovered
 * or backfilled without progress), completed once a `sleep.session.completed` arrived.
 */
export interface SessionStart {
  tenantId: string;
  userId: string;
  sessionId: string;
  version: number;
  /**
   * The night's sleep day under the tenant's rule and zone, as its fact will have it; before the
   * end is known, `sleepDayOfStarted`'s rule.
   */
  day: string;
  completed: boolean;
  /** Completeness SLO: the night's start, its due time (start + deadline), its completion's announcement. */
  startedAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
}

/** The completeness deadline by default: a 14-hour night (Asleep's longest) plus analysis, with slack. */
export const DEFAULT_COMPLETENESS_DEADLINE_HOURS = 18;

export interface UserFrom {
  tenantId: string;
  userId: string;
  /** The earliest day whose rollup may have changed. */
  day: string;
}

function zoneOf(createdTimezone: string | null, rules: AnalyticsRules | undefined): string {
  return (
    rules?.timezone ??
    (createdTimezone && isIanaTimezone(createdTimezone) ? createdTimezone : 'UTC')
  );
}

/** Per session, the latest version's start; completed when any event of the batch completed it. */
export function sessionStarts(
  events: readonly SessionEvent[],
  rulesOf: (tenantId: string) => AnalyticsRules | undefined = () => undefined,
  deadlineHours = DEFAULT_COMPLETENESS_DEADLINE_HOURS,
): SessionStart[] {
  const byKey = new Map<string, SessionStart>();
  for (const event of events) {
    let start: { ms: number; endMs: number | null; zone: string | null };
    if (event.type === SESSION_PROGRESSED) {
      const { startTime, endTime, createdTimezone } = event.payload;
      start = {
        ms: parseInstant(startTime),
        endMs: endTime === null ? null : parseInstant(endTime),
        zone: createdTimezone,
      };
    } else if (event.type === SESSION_COMPLETED) {
      const { session } = event.payload.sleepData;
      start = {
        ms: parseInstant(session.start_time),
        endMs: session.end_time ? parseInstant(session.end_time) : null,
        zone: session.created_timezone,
      };
    } else continue;
    if (!Number.isFinite(start.ms)) continue;
    // An end before the start is no end (the fact is skipped for it): the start alone decides.
    const endMs = start.endMs !== null && start.endMs >= start.ms ? start.endMs : null;
    const rules = rulesOf(event.tenantId);
    const { userId, sessionId, version } = event.payload;
    const key = factKey(event.tenantId, userId, sessionId);
    const current = byKey.get(key);
    const completed = event.type === SESSION_COMPLETED || (current?.completed ?? false);
    const completedAt = earliest(
      current?.completedAt ?? null,
      event.type === SESSION_COMPLETED ? event.occurredAt : null,
    );
    if (current && current.version >= version) {
      current.completed = completed;
      current.completedAt = completedAt;
      continue;
    }
    byKey.set(key, {
      tenantId: event.tenantId,
      userId,
      sessionId,
      version,
      day: sleepDayOfStarted(
        start.ms,
        endMs,
        zoneOf(start.zone, rules),
        rules?.sleepDayRule ?? 'end-date',
      ),
      completed,
      startedAt: new Date(start.ms).toISOString(),
      dueAt: new Date(start.ms + deadlineHours * 3_600_000).toISOString(),
      completedAt,
    });
  }
  return [...byKey.values()];
}

/**
 * A start as a replay knows it: not when the night was announced, so outside the completeness
 * SLO unless the live path already stored its times (an update keeps them).
 */
export function withoutTiming(start: SessionStart): SessionStart {
  return { ...start, startedAt: null, dueAt: null, completedAt: null };
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

/**
 * Stores starts (the latest version's day; completion sticks) unless a deletion at or above
 * their version or the user's deletion came first, and removes deleted sessions. Returns the
 * earliest day touched per user.
 */
export async function applyStarts(
  tx: Tx,
  starts: readonly SessionStart[],
  deletions: readonly { tenantId: string; userId: string; sessionId: string; version: number }[],
): Promise<UserFrom[]> {
  const touched: UserFrom[] = [];
  if (starts.length > 0) {
    const col = <K extends keyof SessionStart>(k: K) => sql.param(starts.map((s) => s[k]));
    touched.push(
      ...rowsOf<UserFrom>(
        await tx.execute(
          sql`with s as (
                select * from unnest(${col('tenantId')}::text[], ${col('userId')}::text[], ${col('sessionId')}::text[],
                                     ${col('version')}::int[], ${col('day')}::date[], ${col('completed')}::boolean[],
                                     ${col('startedAt')}::timestamptz[], ${col('dueAt')}::timestamptz[], ${col('completedAt')}::timestamptz[])
                  as s(tenant_id, user_id, session_id, version, day, completed, started_at, due_at, completed_at)
                where not exists (select 1 from analytics.deleted_sessions d
                                  where d.tenant_id = s.tenant_id and d.user_id = s.user_id
                                    and d.session_id = s.session_id and d.version >= s.version)
                  and not exists (select 1 from analytics.deleted_users u
                                  where u.tenant_id = s.tenant_id and u.user_id = s.user_id)
              ), before as (
                select o.tenant_id, o.user_id, o.day from analytics.session_starts o join s using (tenant_id, user_id, session_id)
              ), written as (
                insert into analytics.session_starts as o
                  (tenant_id, user_id, session_id, version, day, completed, started_at, due_at, completed_at)
                select tenant_id, user_id, session_id, version, day, completed, started_at, due_at, completed_at from s
                on conflict (tenant_id, user_id, session_id) do update set
                  version = greatest(o.version, excluded.version),
                  day = case when excluded.version > o.version then excluded.day else o.day end,
                  completed = o.completed or excluded.completed,
                  -- The first hearing fixes the due time; the first completion its time.
                  started_at = coalesce(o.started_at, excluded.started_at),
                  due_at = coalesce(o.due_at, excluded.due_at),
                  completed_at = case when o.completed_at is null or excluded.completed_at < o.completed_at
                                      then coalesce(excluded.completed_at, o.completed_at) else o.completed_at end
                -- Only where a value changes: a redelivery, or a rebuild replaying the nights over
                -- the starts it keeps, writes no new row version (the row is locked either way).
                -- The days of rows left as they were are in \`before\`.
                where excluded.version > o.version
                   or (excluded.completed and not o.completed)
                   or (o.started_at is null and excluded.started_at is not null)
                   or (o.due_at is null and excluded.due_at is not null)
                   or (excluded.completed_at is not null
                       and (o.completed_at is null or excluded.completed_at < o.completed_at))
                returning o.tenant_id, o.user_id, o.day
              )
              select tenant_id as "tenantId", user_id as "userId", min(day)::text as day
              from (select * from before union all select * from written) t group by tenant_id, user_id`,
        ),
      ),
    );
  }
  if (deletions.length > 0) {
    const col = (k: 'tenantId' | 'userId' | 'sessionId' | 'version') =>
      sql.param(deletions.map((d) => d[k]));
    touched.push(
      ...rowsOf<UserFrom>(
        await tx.execute(
          sql`delete from analytics.session_starts o
              using unnest(${col('tenantId')}::text[], ${col('userId')}::text[], ${col('sessionId')}::text[], ${col('version')}::int[])
                as d(tenant_id, user_id, session_id, version)
              where o.tenant_id = d.tenant_id and o.user_id = d.user_id and o.session_id = d.session_id
                and o.version <= d.version
              returning o.tenant_id as "tenantId", o.user_id as "userId", o.day::text as day`,
        ),
      ),
    );
  }
  return touched;
}
