import type { AnyDatabaseHandle } from '@sleep/persistence';
import { COMPLETENESS_WINDOW_DAYS, type TenantOutcomeCount } from './completeness-window';

/** Per tenant and outcome, the nights whose due time fell in the trailing window. */
export function nightsDueInWindow(
  database: AnyDatabaseHandle,
  now: Date = new Date(),
): Promise<TenantOutcomeCount[]> {
  return database.query<TenantOutcomeCount>(
    `select tenant_id as "tenantId",
            case when completed_at <= due_at then 'on_time'
                 when completed_at > due_at then 'late'
                 else 'missing' end as outcome,
            count(*)::int as nights
     from analytics.session_starts
     where due_at > $1::timestamptz - make_interval(days => $2) and due_at <= $1::timestamptz
       and (completed_at is not null or not completed)
     group by 1, 2`,
    [now.toISOString(), COMPLETENESS_WINDOW_DAYS],
  );
}
