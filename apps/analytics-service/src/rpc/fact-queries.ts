import type { NightFact, Peculiarity, Stat } from '@sleep/contracts';
import type { AnyDatabaseHandle } from '@sleep/persistence';
import { addDays, type AverageNight } from '@sleep/sleep-metrics';
import { FACT_COLUMNS, factOfRow, type FactRow } from '../facts/fact-row';
import type { StoredScoreDetail } from '../scoring/stored-score';
import { statOfA1 } from './a1-stat';

export interface StoredNight {
  row: FactRow;
  fact: NightFact;
}

const ROW_COLUMNS = `${FACT_COLUMNS}, created_timezone, slept`;

const NEVER_SLEPT: Peculiarity = 'NEVER_SLEPT';
const NO_BREATHING_STABILITY: Peculiarity = 'NO_BREATHING_STABILITY';

/**
 * What A1 reads of a night (no stages, no scores, no flags): a tenth of a row's bytes. The stat's
 * values as stored for A1 (migration 0012: the jsonb's values without their keys), so the server
 * sends stored text instead of printing the jsonb, a third of its length. Of the peculiarities,
 * only the two A1 asks about (whether the night was slept, whether breathing was analysed): two
 * booleans instead of a text array for the driver to parse into strings for every night. The
 * instants in float8 arithmetic (`date_part`), not `extract`'s numeric: a third of the backend's
 * CPU for a user's 100 nights. It may differ from the exact value in the last bit of a sub-second
 * instant, never across a whole second, and A1 reads instants to the second.
 */
const AVERAGE_COLUMNS = `session_id, date_part('epoch', start_at) * 1000 as start_ms,
  date_part('epoch', end_at) * 1000 as end_ms, zone,
  '${NEVER_SLEPT}' = any(peculiarities) as never_slept,
  '${NO_BREATHING_STABILITY}' = any(peculiarities) as no_breathing_stability, a1_stat`;

/** A1's read: a user's facts with start dates in [$3, $4], by start. */
export const AVERAGE_STATEMENT = `select ${AVERAGE_COLUMNS} from analytics.nightly_facts
  where tenant_id = $1 and user_id = $2 and start_date between $3 and $4 order by start_at, session_id`;

export type StoredScore = Pick<FactRow, 'sleep_day' | 'score' | 'score_version'> & {
  score_detail: StoredScoreDetail | null;
};

export type StoredRow = FactRow & { created_timezone: string | null; slept: boolean };

export type AverageRow = Pick<FactRow, 'session_id' | 'start_ms' | 'end_ms' | 'zone'> & {
  /** Whether the peculiarities hold NEVER_SLEPT. */
  never_slept: boolean;
  /** Whether the peculiarities hold NO_BREATHING_STABILITY. */
  no_breathing_stability: boolean;
  /** The stat's values in `A1_STAT_KEYS` order, or a stat of other keys whole; null: no stat. */
  a1_stat: readonly unknown[] | Stat | null;
};

/**
 * Reads of the facts table, all on the (tenant, user, sleep day) or (tenant, user, start date)
 * index. The gateway's hot reads run as named prepared statements: parsed once per connection.
 */
export class FactQueries {
  constructor(private readonly database: AnyDatabaseHandle) {}

  /** A night's stored score: one primary-key row, only the score columns (no stat, no stages). */
  async score(tenantId: string, userId: string, sessionId: string): Promise<StoredScore | null> {
    const [row] = await this.database.query<StoredScore>(
      `select sleep_day::text as sleep_day, score, score_version, score_detail from analytics.nightly_facts
       where tenant_id = $1 and user_id = $2 and session_id = $3`,
      [tenantId, userId, sessionId],
      { name: 'analytics_rpc_score' },
    );
    return row ?? null;
  }

  /** Facts whose sleep day is in [from, to], by start. */
  async bySleepDay(
    tenantId: string,
    userId: string,
    from: string,
    to: string,
  ): Promise<StoredRow[]> {
    return this.database.query<StoredRow>(
      `select ${ROW_COLUMNS} from analytics.nightly_facts
       where tenant_id = $1 and user_id = $2 and sleep_day between $3 and $4 order by start_at, session_id`,
      [tenantId, userId, from, to],
    );
  }

  /**
   * Facts that may start on a date in [from, to] in any zone: start dates in their own zone within
   * a day of the window (zones differ by at most 26 h).
   */
  async aroundStartDates(
    tenantId: string,
    userId: string,
    from: string,
    to: string,
  ): Promise<AverageRow[]> {
    return this.database.query<AverageRow>(
      AVERAGE_STATEMENT,
      [tenantId, userId, addDays(from, -2), addDays(to, 2)],
      { name: 'analytics_rpc_average' },
    );
  }

  async hasAny(tenantId: string, userId: string): Promise<boolean> {
    const rows = await this.database.query(
      'select 1 from analytics.nightly_facts where tenant_id = $1 and user_id = $2 limit 1',
      [tenantId, userId],
      { name: 'analytics_rpc_has_any' },
    );
    return rows.length > 0;
  }

  /** The zone of the user's latest night: their zone for reports and regularity. */
  async latestZone(tenantId: string, userId: string): Promise<string | null> {
    const [row] = await this.database.query<{ zone: string }>(
      `select zone from analytics.nightly_facts where tenant_id = $1 and user_id = $2
       order by sleep_day desc, start_at desc limit 1`,
      [tenantId, userId],
    );
    return row?.zone ?? null;
  }

  async birthYear(tenantId: string, userId: string): Promise<number | null> {
    const [row] = await this.database.query<{ birth_year: number | null }>(
      'select birth_year from analytics.user_profiles where tenant_id = $1 and user_id = $2',
      [tenantId, userId],
    );
    return row?.birth_year ?? null;
  }
}

export const factsOf = (rows: readonly StoredRow[]): NightFact[] => rows.map(factOfRow);

/** A night as A1 reads it, with its stat's stored values when it was stored as values. */
export type A1Night = AverageNight & {
  /** The stat's values in `A1_STAT_KEYS` order, as stored; null: a stat stored whole, or none. */
  statValues: readonly unknown[] | null;
};

/**
 * The peculiarities A1 may find on a night, by [never slept, breathing unanalysed] as bits: shared
 * by every night read (A1 only reads them), where a night's own list would be garbage per call.
 */
const READ_PECULIARITIES: Peculiarity[][] = [
  [],
  [NO_BREATHING_STABILITY],
  [NEVER_SLEPT],
  [NEVER_SLEPT, NO_BREATHING_STABILITY],
];

/** To the second, as `factOfRow` renders an instant. */
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/**
 * A stored night as A1 reads it: its start and end as instants to the second, as `factOfRow`
 * renders them (A1 would only parse its texts back). Its peculiarities are only the two A1 asks
 * about (`isSlept`'s NEVER_SLEPT and NO_BREATHING_STABILITY).
 */
export const averageNightOf = (row: AverageRow): A1Night => new StoredA1Night(row);

class StoredA1Night {
  readonly sessionId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly completedTime = null;
  readonly timezone: string;
  readonly peculiarities: Peculiarity[];
  readonly statValues: readonly unknown[] | null;
  /** The stat stored whole, or built from its values on first read. */
  private storedStat: Stat | null;

  constructor(row: AverageRow) {
    this.sessionId = row.session_id;
    this.startMs = wholeSecond(row.start_ms);
    this.endMs = wholeSecond(row.end_ms);
    this.timezone = row.zone;
    this.peculiarities =
      READ_PECULIARITIES[(row.never_slept ? 2 : 0) + (row.no_breathing_stability ? 1 : 0)];
    this.statValues = Array.isArray(row.a1_stat) ? row.a1_stat : null;
    this.storedStat = this.statValues === null ? statOfA1(row.a1_stat) : null;
  }

  /** Built only when read: A1 through `a1StatReader` reads the values themselves. */
  get stat(): Stat | null {
    if (this.storedStat === null && this.statValues !== null)
      this.storedStat = statOfA1(this.statValues);
    return this.storedStat;
  }
}
