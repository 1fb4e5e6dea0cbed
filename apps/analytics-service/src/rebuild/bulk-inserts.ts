import type { Transaction } from '@sleep/persistence';
import type { NightlyFact } from '../facts/nightly-fact';
import { a1StatOf } from '../rpc/a1-stat';
import { type Columns, insertRows } from './copy-rows';

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

// prettier-ignore
const FACT_COLUMNS: Columns = [
  ['tenant_id', 'text'], ['user_id', 'text'], ['session_id', 'text'], ['version', 'int'],
  ['start_at', 'timestamptz'], ['end_at', 'timestamptz'], ['created_timezone', 'text'],
  ['zone', 'text'], ['peculiarities', 'text[]'], ['missing_data_ratio', 'float8'], ['stat', 'jsonb'],
  ['a1_stat', 'json'], ['slept', 'bool'], ['sleep_stages', 'bytea'], ['start_date', 'date'],
  ['sleep_day', 'date'], ['is_nap', 'bool'], ['is_main_sleep', 'bool'], ['score', 'smallint'],
  ['score_version', 'text'], ['score_detail', 'jsonb'],
];

export function insertFacts(tx: Tx, rows: readonly FactToInsert[]): Promise<void> {
  return insertRows(
    tx,
    'nightly_facts',
    FACT_COLUMNS,
    rows.map((r) => ({
      tenant_id: r.tenantId,
      user_id: r.userId,
      session_id: r.sessionId,
      version: r.version,
      start_at: r.startAt,
      end_at: r.endAt,
      created_timezone: r.createdTimezone,
      zone: r.zone,
      peculiarities: r.peculiarities,
      missing_data_ratio: r.missingDataRatio,
      stat: r.stat,
      a1_stat: a1StatOf(r.stat),
      slept: r.slept,
      sleep_stages: r.sleepStages,
      start_date: r.startDate,
      sleep_day: r.sleepDay,
      is_nap: r.isNap,
      is_main_sleep: r.isMainSleep,
      score: r.score,
      score_version: r.scoreVersion,
      score_detail: r.scoreDetail ?? null,
    })),
  );
}

export function insertSkips(tx: Tx, rows: readonly SkipToInsert[]): Promise<void> {
  return insertRows(
    tx,
    'skipped_nights',
    [
      ['tenant_id', 'text'],
      ['user_id', 'text'],
      ['session_id', 'text'],
      ['version', 'int'],
      ['reason', 'text'],
    ],
    rows.map((r) => ({
      tenant_id: r.tenantId,
      user_id: r.userId,
      session_id: r.sessionId,
      version: r.version,
      reason: r.reason,
    })),
  );
}

export function insertReports(tx: Tx, rows: readonly ReportToInsert[]): Promise<void> {
  return insertRows(
    tx,
    'reports',
    [
      ['tenant_id', 'text'],
      ['user_id', 'text'],
      ['kind', 'text'],
      ['period_start', 'date'],
      ['period_end', 'date'],
      ['zone', 'text'],
      ['body', 'jsonb'],
    ],
    rows.map((r) => ({
      tenant_id: r.tenantId,
      user_id: r.userId,
      kind: r.kind,
      period_start: r.periodStart,
      period_end: r.periodEnd,
      zone: r.zone,
      body: r.body,
    })),
  );
}

export function insertInsights(tx: Tx, rows: readonly InsightToInsert[]): Promise<void> {
  return insertRows(
    tx,
    'insights',
    [
      ['id', 'text'],
      ['tenant_id', 'text'],
      ['user_id', 'text'],
      ['rule', 'text'],
      ['sleep_day', 'date'],
      ['body', 'jsonb'],
    ],
    rows.map((r) => ({
      id: r.id,
      tenant_id: r.tenantId,
      user_id: r.userId,
      rule: r.rule,
      sleep_day: r.sleepDay,
      body: r.body,
    })),
  );
}
