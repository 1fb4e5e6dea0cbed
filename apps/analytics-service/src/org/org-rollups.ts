import type { AnyDatabaseHandle, Transaction } from '@sleep/persistence';
import { sql } from 'drizzle-orm';
import type { UserFrom } from '../facts/session-starts';

type Tx = Transaction<Record<string, unknown>>;

/** The earliest day per user: the refresh of a user starts there. */
export function earliestPerUser(days: readonly UserFrom[]): UserFrom[] {
  const earliest = new Map<string, UserFrom>();
  for (const d of days) {
    const key = `${d.tenantId}\u0000${d.userId}`;
    const current = earliest.get(key);
    if (!current || d.day < current.day) earliest.set(key, d);
  }
  return [...earliest.values()];
}

/** Before any sleep day: a whole user's rollup. */
export const ALL_DAYS = '0001-01-01';

/**
 * Recomputes `org_user_days` of each user from its day on, from the stored facts (main sleeps and
 * scores already recomputed) and session starts: never adjusted incrementally, so the rows are a
 * function of the facts and starts, whichever path (live batch, rebuild) wrote them. From the
 * earliest changed day on because a change rescores every later night (timing). Each row carries
 * the user's atom (`org_atom` of their profile); the atom rollups follow by trigger.
 */
export async function refreshOrgDays(tx: Tx, days: readonly UserFrom[]): Promise<void> {
  const users = earliestPerUser(days);
  if (users.length === 0) return;
  const u = sql`unnest(${sql.param(users.map((x) => x.tenantId))}::text[], ${sql.param(users.map((x) => x.userId))}::text[], ${sql.param(users.map((x) => x.day))}::date[]) as u(tenant_id, user_id, from_day)`;
  await tx.execute(
    sql`delete from analytics.org_user_days o using ${u}
        where o.tenant_id = u.tenant_id and o.user_id = u.user_id and o.day >= u.from_day`,
  );
  await tx.execute(
    sql`with u as (select * from ${u}),
        nights as (
          select f.tenant_id, f.user_id, f.sleep_day as day, count(*)::int as nights,
                 max(f.score) filter (where f.is_main_sleep and f.slept) as score,
                 max((f.stat->>'time_in_sleep')::int) filter (where f.is_main_sleep and f.slept) as time_in_sleep,
                 max((f.stat->>'sleep_efficiency')::float8) filter (where f.is_main_sleep and f.slept) as efficiency,
                 max((f.stat->>'sleep_latency')::int) filter (where f.is_main_sleep and f.slept) as latency
          from analytics.nightly_facts f join u using (tenant_id, user_id)
          where not f.is_nap and f.sleep_day >= u.from_day
          group by 1, 2, 3
        ), starts as (
          select s.tenant_id, s.user_id, s.day, count(*)::int as started,
                 (count(*) filter (where s.completed))::int as completed,
                 (count(*) filter (where s.completed_at <= s.due_at))::int as completed_on_time,
                 (count(*) filter (where s.completed_at > s.due_at))::int as completed_late,
                 (count(*) filter (where not s.completed and s.due_at is not null))::int as open,
                 max(s.due_at) filter (where not s.completed) as open_due_at
          from analytics.session_starts s join u using (tenant_id, user_id)
          where s.day >= u.from_day
          group by 1, 2, 3
        )
        insert into analytics.org_user_days
          (tenant_id, day, user_id, nights, started, completed, score, time_in_sleep, efficiency, latency,
           completed_on_time, completed_late, open, open_due_at, atom)
        select tenant_id, day, user_id, coalesce(n.nights, 0), coalesce(s.started, 0),
               coalesce(s.completed, 0), n.score, n.time_in_sleep, n.efficiency, n.latency,
               coalesce(s.completed_on_time, 0), coalesce(s.completed_late, 0), coalesce(s.open, 0),
               s.open_due_at, analytics.org_atom(p.birth_year, p.gender, p.tags)
        from nights n full join starts s using (tenant_id, user_id, day)
        left join analytics.user_profiles p using (tenant_id, user_id)`,
  );
}

/** Users who have session starts but no rollup row, from their first day (a rebuild's last step). */
export async function startsOnlyUsers(database: AnyDatabaseHandle): Promise<UserFrom[]> {
  const users = await database.query<{ tenantId: string; userId: string }>(
    `select distinct s.tenant_id as "tenantId", s.user_id as "userId" from analytics.session_starts s
     where not exists (select 1 from analytics.org_user_days o
                       where o.tenant_id = s.tenant_id and o.user_id = s.user_id)`,
  );
  return users.map((u) => ({ ...u, day: ALL_DAYS }));
}
