import type { NightScore } from '@sleep/analytics-rpc';
import type { NightFact } from '@sleep/contracts';
import {
  contributorsOf,
  type ScoreContext,
  type ScoredFigures,
  type ScoreFigures,
  scoreNightFigures,
  SLEEP_NEEDS,
  type SleepNeedBand,
} from '@sleep/sleep-metrics';

/**
 * A night's `score_detail` as stored: numbers only, about a tenth of the contributors' json.
 * The explanations are a function of the numbers and are rendered at read time by the code that
 * renders them at scoring (`contributorsOf`), so readers get the same contributors.
 * - scored: one array, the 6 contributors' values, then their sub-scores, then their weights,
 *   then the age band, efficiency %, long awakenings, timing minutes, previous main sleeps and
 *   restoration % (`ScoreFigures`);
 * - not scored: the reason, a string;
 * - an object: a detail stored whole (`{ reason?, contributors }`), read as it is. Migration 0014
 *   keeps so any detail it cannot prove these figures render (another score version).
 */
export type StoredScoreDetail = readonly (number | string | null)[] | string | StoredWholeDetail;

interface StoredWholeDetail {
  reason?: string;
  contributors?: NightScore['contributors'];
}

export interface StoredScore {
  score: number | null;
  scoreVersion: string;
  detail: StoredScoreDetail;
}

const CONTRIBUTORS = 6;

/** A night's score as the facts table stores it (see `scoreNightFigures` for the context). */
export function scoreForStorage(fact: NightFact, context: ScoreContext): StoredScore {
  return storedScoreOf(scoreNightFigures(fact, context));
}

export function storedScoreOf(scored: ScoredFigures): StoredScore {
  if (scored.score === null) {
    return { score: null, scoreVersion: scored.scoreVersion, detail: scored.reason };
  }
  const f = scored.figures;
  return {
    score: scored.score,
    scoreVersion: scored.scoreVersion,
    detail: [
      ...f.values,
      ...f.subScores,
      ...f.weights,
      f.band,
      f.efficiencyPercent,
      f.longAwakenings,
      f.timingMinutes,
      f.previousMainSleeps,
      f.restorationPercent,
    ],
  };
}

/**
 * The reason and contributors of a stored detail, as the score RPC answers them: each
 * contributor's keys in the order a jsonb keeps them (shorter first), the order the answer had
 * when contributors were stored whole.
 */
export function scoreDetailOf(
  stored: StoredScoreDetail | null,
): Pick<NightScore, 'reason' | 'contributors'> {
  if (typeof stored === 'string') return { reason: stored, contributors: [] };
  if (Array.isArray(stored)) {
    const contributors = contributorsOf(figuresOf(stored)).map((c) => ({
      name: c.name,
      unit: c.unit,
      value: c.value,
      weight: c.weight,
      subScore: c.subScore,
      explanation: c.explanation,
    }));
    return { reason: null, contributors };
  }
  const whole = (stored ?? {}) as StoredWholeDetail;
  return { reason: whole.reason ?? null, contributors: whole.contributors ?? [] };
}

function figuresOf(stored: readonly (number | string | null)[]): ScoreFigures {
  const at = 3 * CONTRIBUTORS;
  const band = stored[at] as string;
  if (!(band in SLEEP_NEEDS)) throw new Error(`stored score detail: unknown age band ${band}`);
  return {
    values: stored.slice(0, CONTRIBUTORS) as (number | null)[],
    subScores: stored.slice(CONTRIBUTORS, 2 * CONTRIBUTORS) as number[],
    weights: stored.slice(2 * CONTRIBUTORS, at) as number[],
    band: band as SleepNeedBand,
    efficiencyPercent: stored[at + 1] as number,
    longAwakenings: stored[at + 2] as number | null,
    timingMinutes: stored[at + 3] as number | null,
    previousMainSleeps: stored[at + 4] as number,
    restorationPercent: stored[at + 5] as number,
  };
}
