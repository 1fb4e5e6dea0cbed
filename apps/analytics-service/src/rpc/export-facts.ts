import type { ExportFact, ExportFactsPage } from '@sleep/analytics-rpc';
import type { ExportFactsQuery, Stat } from '@sleep/contracts';
import type { AnyDatabaseHandle } from '@sleep/persistence';
import { ageBandOf, formatInstant } from '@sleep/sleep-metrics';

interface ExportFactRow {
  user_id: string;
  session_id: string;
  version: number;
  sleep_day: string;
  start_ms: number;
  end_ms: number;
  zone: string;
  is_nap: boolean;
  is_main_sleep: boolean;
  slept: boolean;
  stat: Stat | null;
  score: number | null;
  score_version: string | null;
  birth_year: number | null;
  gender: string | null;
  tags: string[] | null;
}

/**
 * One page of facts in (user, session) order, on the primary key: one user's, or a tenant's
 * within sleep days. The birth year stays here: callers get the age band at the period's end.
 */
export async function readExportFacts(
  database: AnyDatabaseHandle,
  query: ExportFactsQuery,
  today: string,
): Promise<ExportFactsPage> {
  const params: unknown[] = [query.tenantId];
  const where = ['f.tenant_id = $1'];
  if (query.userId !== undefined) {
    params.push(query.userId);
    where.push(`f.user_id = $${params.length}`);
  }
  if (query.from !== undefined && query.to !== undefined) {
    params.push(query.from, query.to);
    where.push(`f.sleep_day between $${params.length - 1} and $${params.length}`);
  }
  if (query.after) {
    params.push(query.after.userId, query.after.sessionId);
    where.push(`(f.user_id, f.session_id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(query.limit);
  const rows = await database.query<ExportFactRow>(
    `select f.user_id, f.session_id, f.version, f.sleep_day::text as sleep_day,
       (extract(epoch from f.start_at) * 1000)::float8 as start_ms,
       (extract(epoch from f.end_at) * 1000)::float8 as end_ms,
       f.zone, f.is_nap, f.is_main_sleep, f.slept, f.stat, f.score, f.score_version,
       p.birth_year, p.gender, p.tags
     from analytics.nightly_facts f
     left join analytics.user_profiles p on p.tenant_id = f.tenant_id and p.user_id = f.user_id
     where ${where.join(' and ')}
     order by f.user_id, f.session_id
     limit $${params.length}`,
    params,
  );
  const bandDay = query.to ?? today;
  const facts = rows.map((row): ExportFact => exportFactOf(row, bandDay));
  const last = facts.at(-1);
  return {
    facts,
    next:
      last && facts.length === query.limit
        ? { userId: last.userId, sessionId: last.sessionId }
        : null,
  };
}

function exportFactOf(row: ExportFactRow, bandDay: string): ExportFact {
  return {
    userId: row.user_id,
    sessionId: row.session_id,
    version: row.version,
    sleepDay: row.sleep_day,
    startTime: formatInstant(row.start_ms, 'UTC'),
    endTime: formatInstant(row.end_ms, 'UTC'),
    timezone: row.zone,
    nap: row.is_nap,
    mainSleep: row.is_main_sleep,
    slept: row.slept,
    stat: row.stat,
    score: row.score,
    scoreVersion: row.score_version,
    ageBand: ageBandOf(row.birth_year, bandDay),
    gender: row.gender ?? 'unknown',
    tags: row.tags ?? [],
  };
}
