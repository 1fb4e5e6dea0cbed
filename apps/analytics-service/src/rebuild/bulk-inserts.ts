import type { Transaction } from '@sleep/persistence';
import { sql } from 'drizzle-orm';
import type { NightlyFact } from '../facts/nightly-fact';

type Tx = Transaction<Record<string, unknown>>;

/** A rebuilt fact: the night plus what the live path computes across nights. */
export interface FactToInsert extends NightlyFact {
  isMainSleep: boolean;
  score: number | null;
  scoreVersion: string;
  scoreDetail: unknown;
}

export interface SkipToInsert {
  tenantId: string;
  userId: string;
  sessionId: string;
  version: number;
  reason: string;
}

export interface ReportToInsert {
  tenantId: string;
  userId: string;
  kind: string;
  periodStart: string;
  periodEnd: string;
  zone: string;
  body: unknown;
}

export interface InsightToInsert {
  id: string;
  tenantId: string;
  userId: string;
  rule: string;
  sleepDay: string;
  body: unknown;
}

/** Rows per statement: one array per column, so the parameter count stays fixed. */
const CHUNK = 2_000;

const json = (value: unknown) =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** A Postgres text[] literal (every element quoted), for a column of arrays sent as one text[]. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

async function chunked<T>(rows: readonly T[], insert: (chunk: readonly T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

const column = <T, V>(rows: readonly T[], pick: (row: T) => V) => sql.param(rows.map(pick));

/**
 * Multi-row inserts as `insert ... select from unnest(<one array per column>)`: a few parameters
 * per statement however many rows, and no per-row statement building (the query builder's
 * per-value work cost about as much as computing the rows).
 */
export function insertFacts(tx: Tx, rows: readonly FactToInsert[]): Promise<void> {
  return chunked(rows, (chunk) =>
    tx.execute(sql`insert into analytics.nightly_facts (tenant_id, user_id, session_id, version,
        start_at, end_at, created_timezone, zone, peculiarities, missing_data_ratio, stat, slept,
        sleep_stages, start_date, sleep_day, is_nap, is_main_sleep, score, score_version, score_detail)
      select tenant_id, user_id, session_id, version, start_at, end_at, created_timezone, zone,
        peculiarities::text[], missing_data_ratio, stat::jsonb, slept, sleep_stages, start_date,
        sleep_day, is_nap, is_main_sleep, score, score_version, score_detail::jsonb
      from unnest(${column(chunk, (r) => r.tenantId)}::text[], ${column(chunk, (r) => r.userId)}::text[],
        ${column(chunk, (r) => r.sessionId)}::text[], ${column(chunk, (r) => r.version)}::int[],
        ${column(chunk, (r) => r.startAt.toISOString())}::timestamptz[],
        ${column(chunk, (r) => r.endAt.toISOString())}::timestamptz[],
        ${column(chunk, (r) => r.createdTimezone)}::text[], ${column(chunk, (r) => r.zone)}::text[],
        ${column(chunk, (r) => textArrayLiteral(r.peculiarities))}::text[],
        ${column(chunk, (r) => r.missingDataRatio)}::float8[], ${column(chunk, (r) => json(r.stat))}::text[],
        ${column(chunk, (r) => r.slept)}::bool[], ${column(chunk, (r) => r.sleepStages)}::bytea[],
        ${column(chunk, (r) => r.startDate)}::date[], ${column(chunk, (r) => r.sleepDay)}::date[],
        ${column(chunk, (r) => r.isNap)}::bool[], ${column(chunk, (r) => r.isMainSleep)}::bool[],
        ${column(chunk, (r) => r.score)}::smallint[], ${column(chunk, (r) => r.scoreVersion)}::text[],
        ${column(chunk, (r) => json(r.scoreDetail))}::text[])
        as r(tenant_id, user_id, session_id, version, start_at, end_at, created_timezone, zone,
             peculiarities, missing_data_ratio, stat, slept, sleep_stages, start_date, sleep_day,
             is_nap, is_main_sleep, score, score_version, score_detail)`),
  );
}

export function insertSkips(tx: Tx, rows: readonly SkipToInsert[]): Promise<void> {
  return chunked(rows, (chunk) =>
    tx.execute(sql`insert into analytics.skipped_nights (tenant_id, user_id, session_id, version, reason)
      select * from unnest(${column(chunk, (r) => r.tenantId)}::text[], ${column(chunk, (r) => r.userId)}::text[],
        ${column(chunk, (r) => r.sessionId)}::text[], ${column(chunk, (r) => r.version)}::int[],
        ${column(chunk, (r) => r.reason)}::text[])`),
  );
}

export function insertReports(tx: Tx, rows: readonly ReportToInsert[]): Promise<void> {
  return chunked(rows, (chunk) =>
    tx.execute(sql`insert into analytics.reports (tenant_id, user_id, kind, period_start, period_end, zone, body)
      select tenant_id, user_id, kind, period_start, period_end, zone, body::jsonb
      from unnest(${column(chunk, (r) => r.tenantId)}::text[], ${column(chunk, (r) => r.userId)}::text[],
        ${column(chunk, (r) => r.kind)}::text[], ${column(chunk, (r) => r.periodStart)}::date[],
        ${column(chunk, (r) => r.periodEnd)}::date[], ${column(chunk, (r) => r.zone)}::text[],
        ${column(chunk, (r) => json(r.body))}::text[])
        as r(tenant_id, user_id, kind, period_start, period_end, zone, body)`),
  );
}

export function insertInsights(tx: Tx, rows: readonly InsightToInsert[]): Promise<void> {
  return chunked(rows, (chunk) =>
    tx.execute(sql`insert into analytics.insights (id, tenant_id, user_id, rule, sleep_day, body)
      select id, tenant_id, user_id, rule, sleep_day, body::jsonb
      from unnest(${column(chunk, (r) => r.id)}::text[], ${column(chunk, (r) => r.tenantId)}::text[],
        ${column(chunk, (r) => r.userId)}::text[], ${column(chunk, (r) => r.rule)}::text[],
        ${column(chunk, (r) => r.sleepDay)}::date[], ${column(chunk, (r) => json(r.body))}::text[])
        as r(id, tenant_id, user_id, rule, sleep_day, body)`),
  );
}
