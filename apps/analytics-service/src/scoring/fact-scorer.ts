import type { Transaction } from '@sleep/persistence';
import {
  ageOnSleepDay,
  DEFAULT_SCORE_WEIGHTS,
  type ScoreWeights,
  TIMING_HISTORY_MAX,
} from '@sleep/sleep-metrics';
import { sql } from 'drizzle-orm';
import { FACT_COLUMNS, factOfRow, type FactRow } from '../facts/fact-row';
import type { UserDay } from '../facts/fact-writer';
import { midSleepMemo, scoreHistories } from './score-history';
import { scoreForStorage, type StoredScoreDetail } from './stored-score';

type Tx = Transaction<Record<string, unknown>>;
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/**
 * Scores are computed at ingest and stored with their version. A night's score depends on the
 * main sleeps before it (timing), so every fact of the user from the earliest changed sleep day on
 * is rescored: the stored scores are then a function of the set of facts, whatever order the
 * events arrived in (a rebuild gives the same rows).
 */
export async function rescore(tx: Tx, days: readonly UserDay[]): Promise<void> {
  const earliest = new Map<string, UserDay>();
  for (const day of days) {
    const key = `${day.tenantId}\u0000${day.userId}`;
    const current = earliest.get(key);
    if (!current || day.sleepDay < current.sleepDay) earliest.set(key, day);
  }
  for (const { tenantId, userId, sleepDay } of earliest.values()) {
    const [settings] = rowsOf<{ score_weights: ScoreWeights | null; birth_year: number | null }>(
      await tx.execute(
        sql`select (select score_weights from analytics.tenant_settings where tenant_id = ${tenantId}) as score_weights,
                   (select birth_year from analytics.user_profiles where tenant_id = ${tenantId} and user_id = ${userId}) as birth_year`,
      ),
    );
    const rows = rowsOf<FactRow>(
      await tx.execute(
        sql`(select ${sql.raw(FACT_COLUMNS)} from analytics.nightly_facts
             where tenant_id = ${tenantId} and user_id = ${userId} and sleep_day < ${sleepDay} and is_main_sleep
             order by sleep_day desc limit ${TIMING_HISTORY_MAX + 1})
            union all
            (select ${sql.raw(FACT_COLUMNS)} from analytics.nightly_facts
             where tenant_id = ${tenantId} and user_id = ${userId} and sleep_day >= ${sleepDay})`,
      ),
    );
    const changed = changedScores(
      rows,
      sleepDay,
      settings?.score_weights ?? DEFAULT_SCORE_WEIGHTS,
      settings?.birth_year ?? null,
    );
    await writeScores(tx, tenantId, changed);
  }
}

interface ChangedScore {
  row: FactRow;
  score: number | null;
  scoreVersion: string;
  detail: StoredScoreDetail;
}

/** The scores of a user's nights from `sleepDay` on that differ from the stored ones. */
function changedScores(
  rows: readonly FactRow[],
  sleepDay: string,
  weights: ScoreWeights,
  birthYear: number | null,
): ChangedScore[] {
  const facts = rows.map((row) => ({ row, fact: factOfRow(row) }));
  const previousOf = scoreHistories(facts.map((f) => f.fact));
  const midSleepOf = midSleepMemo();
  return facts
    .filter(({ fact }) => fact.sleepDay >= sleepDay)
    .map(({ row, fact }) => {
      const { score, scoreVersion, detail } = scoreForStorage(fact, {
        history: previousOf(fact),
        weights,
        ageYears: ageOnSleepDay(birthYear, fact.sleepDay),
        midSleepOf,
      });
      return { row, score, scoreVersion, detail };
    })
    .filter(
      ({ row, score, scoreVersion, detail }) =>
        row.score !== score ||
        row.score_version !== scoreVersion ||
        JSON.stringify(row.score_detail) !== JSON.stringify(detail),
    );
}

/** One JSON document per statement (`json_to_recordset`): see `rebuild/bulk-inserts.ts` for why. */
async function writeScores(tx: Tx, tenantId: string, changed: readonly ChangedScore[]) {
  if (changed.length === 0) return;
  const document = JSON.stringify(
    changed.map((c) => ({
      user_id: c.row.user_id,
      session_id: c.row.session_id,
      score: c.score,
      score_version: c.scoreVersion,
      detail: c.detail,
    })),
  );
  await tx.execute(
    sql`update analytics.nightly_facts f
        set score = c.score, score_version = c.score_version, score_detail = c.detail
        from json_to_recordset(${document}::json)
             as c(user_id text, session_id text, score smallint, score_version text, detail jsonb)
        where f.tenant_id = ${tenantId} and f.user_id = c.user_id and f.session_id = c.session_id`,
  );
}
