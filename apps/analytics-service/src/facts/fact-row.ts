import type { NightFact, Stat } from '@sleep/contracts';
import { formatInstant } from '@sleep/sleep-metrics';
import { decodeStages } from './nightly-fact';

/** The columns a `NightFact` is read from (snake case, as `select` returns them). */
export const FACT_COLUMNS = `session_id, user_id, version,
  (extract(epoch from start_at) * 1000)::float8 as start_ms, (extract(epoch from end_at) * 1000)::float8 as end_ms, zone, peculiarities, stat, sleep_stages,
  sleep_day::text as sleep_day, is_nap, is_main_sleep, score, score_version, score_detail`;

export interface FactRow {
  session_id: string;
  user_id: string;
  version: number;
  start_ms: number;
  end_ms: number;
  zone: string;
  peculiarities: string[];
  stat: Stat | null;
  sleep_stages: Uint8Array | null;
  sleep_day: string;
  is_nap: boolean;
  is_main_sleep: boolean;
  score: number | null;
  score_version: string | null;
  score_detail: unknown;
}

/** A stored row as `@sleep/sleep-metrics` takes it; instants in UTC. */
export function factOfRow(row: FactRow): NightFact {
  return {
    sessionId: row.session_id,
    userId: row.user_id,
    version: row.version,
    startTime: formatInstant(row.start_ms, 'UTC'),
    endTime: formatInstant(row.end_ms, 'UTC'),
    completedTime: null,
    timezone: row.zone,
    peculiarities: row.peculiarities,
    stat: row.stat,
    sleepStages: decodeStages(row.sleep_stages) as NightFact['sleepStages'],
    sleepDay: row.sleep_day,
    nap: row.is_nap,
    mainSleep: row.is_main_sleep,
  };
}
