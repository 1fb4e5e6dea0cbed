import type { DatabaseHandle } from '@sleep/persistence';

export interface DueNight {
  userId: string;
  sessionId: string;
  tenantId: string;
  attempts: number;
}

/** How long a claimed night is left to the instance that claimed it. */
const LEASE_SECONDS = 60;

/**
 * Claims up to `limit` unfinished nights whose recovery is due, pushing their due time past the
 * lease so that no other instance takes them meanwhile.
 */
export async function claimDueNights(database: DatabaseHandle, limit: number): Promise<DueNight[]> {
  const rows = await database.query<{
    user_id: string;
    session_id: string;
    tenant_id: string;
    recovery_attempts: number;
  }>(
    `update sessions s set recovery_due_at = now() + make_interval(secs => $2)
     from (
       select user_id, session_id from sessions
       where state <> 'COMPLETE' and recovery_due_at <= now()
       order by recovery_due_at limit $1 for update skip locked
     ) due
     where s.user_id = due.user_id and s.session_id = due.session_id
     returning s.user_id, s.session_id, s.tenant_id, s.recovery_attempts`,
    [limit, LEASE_SECONDS],
  );
  return rows.map((row) => ({
    userId: row.user_id,
    sessionId: row.session_id,
    tenantId: row.tenant_id,
    attempts: row.recovery_attempts,
  }));
}

export async function rescheduleNight(
  database: DatabaseHandle,
  night: DueNight,
  dueAt: Date,
  attempts: number,
): Promise<void> {
  await database.query(
    `update sessions set recovery_due_at = $3, recovery_attempts = $4
     where user_id = $1 and session_id = $2 and state <> 'COMPLETE'`,
    [night.userId, night.sessionId, dueAt, attempts],
  );
}
