import type { NightFact } from '@sleep/contracts';
import { EPOCH_SECONDS, findSleepPeriod, Stage } from '../lib/epochs';
import { parseInstant } from '../lib/parse-instant';
import { circularDistanceSeconds, circularMeanSeconds } from './circular';
import { roundHalfAwayFromZero } from './exact-rounding';
import { midSleepSeconds } from './mid-sleep';
import { isSlept } from './night-facts';
import {
  AWAKENING_PENALTY,
  durationAnchors,
  EFFICIENCY_ANCHORS,
  LATENCY_ANCHORS,
  LONG_AWAKENING_SECONDS,
  piecewiseLinear,
  RESTORATION_ANCHORS,
  SLEEP_NEEDS,
  type SleepNeedBand,
  sleepNeedFor,
  TIMING_ANCHORS,
  TIMING_HISTORY_MAX,
  TIMING_HISTORY_MIN,
  WASO_ANCHORS,
} from './score-curves';

/** Changes whenever a curve or a default weight changes; stored scores keep theirs. */
export const SCORE_VERSION = 'sleep-score-1';

export const SCORE_CONTRIBUTORS = [
  'duration',
  'efficiency',
  'continuity',
  'latency',
  'timing',
  'restoration',
] as const;
export type ScoreContributorName = (typeof SCORE_CONTRIBUTORS)[number];
export type ScoreWeights = Readonly<Record<ScoreContributorName, number>>;

export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = Object.freeze({
  duration: 35,
  efficiency: 20,
  continuity: 15,
  latency: 10,
  timing: 10,
  restoration: 10,
});

export type ScoreWeightsCheck =
  | { readonly ok: true; readonly weights: ScoreWeights }
  | { readonly ok: false; readonly field: string; readonly message: string };

/** A tenant's weights: one whole number 0..100 per contributor, summing to exactly 100. */
export function validateScoreWeights(input: unknown): ScoreWeightsCheck {
  if (typeof input !== 'object' || input === null) {
    return { ok: false, field: 'weights', message: 'weights must be an object' };
  }
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(SCORE_CONTRIBUTORS as readonly string[]).includes(key)) {
      return { ok: false, field: `weights.${key}`, message: `unknown contributor ${key}` };
    }
  }
  let sum = 0;
  for (const name of SCORE_CONTRIBUTORS) {
    const weight = record[name];
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
      return {
        ok: false,
        field: `weights.${name}`,
        message: `${name} must be a whole number 0..100`,
      };
    }
    sum += weight;
  }
  if (sum !== 100) {
    return { ok: false, field: 'weights', message: `weights must sum to 100 (they sum to ${sum})` };
  }
  return { ok: true, weights: record as ScoreWeights };
}

/** What the score is computed from: the exact inputs, one per contributor. */
export interface ScoreInputs {
  readonly timeInSleep: number;
  readonly ageYears: number | null;
  /** time_in_sleep / time_in_bed, unrounded. */
  readonly efficiency: number;
  readonly sleepLatency: number;
  /** time_in_wake: wake inside the sleep period, seconds. */
  readonly waso: number;
  /** Wake runs inside the sleep period longer than 5 min; null without a stage array. */
  readonly longAwakenings: number | null;
  /** Circular distance of mid-sleep from the usual one, seconds; null when history is short. */
  readonly timingDistance: number | null;
  readonly previousMainSleeps: number;
  /** (deep + REM) / time_in_sleep, unrounded. */
  readonly restorationShare: number;
}

export interface ScoreContributor {
  readonly name: ScoreContributorName;
  readonly value: number | null;
  readonly unit: 'seconds' | 'ratio';
  /** 0..100, one decimal. */
  readonly subScore: number;
  readonly weight: number;
  readonly explanation: string;
}

export type SleepScore =
  | {
      readonly score: number;
      readonly scoreVersion: string;
      readonly contributors: readonly ScoreContributor[];
    }
  | {
      readonly score: null;
      readonly scoreVersion: string;
      readonly reason: 'never-slept' | 'no-stats';
      readonly contributors: readonly ScoreContributor[];
    };

/** Wake runs inside [first, last non-wake epoch] lasting more than 5 min; a -1 epoch ends a run. */
export function countLongAwakenings(stages: readonly number[]): number {
  const period = findSleepPeriod(stages);
  if (!period) return 0;
  // Read once: an imported binding may be a getter on every access.
  const wake = Stage.Wake;
  const epochSeconds = EPOCH_SECONDS;
  const longSeconds = LONG_AWAKENING_SECONDS;
  let count = 0;
  let run = 0;
  for (let i = period.onset; i <= period.finalAwakening; i++) {
    if (stages[i] === wake) {
      run++;
    } else {
      if (run * epochSeconds > longSeconds) count++;
      run = 0;
    }
  }
  return count;
}

const minutes = (seconds: number) => Math.round(seconds / 60);
const hoursMinutes = (seconds: number) => {
  const total = minutes(seconds);
  return `${Math.floor(total / 60)} h ${String(total % 60).padStart(2, '0')} min`;
};

/** Exact sub-scores (unrounded), in contributor order. */
export function subScoresOf(inputs: ScoreInputs): Record<ScoreContributorName, number> {
  const need = sleepNeedFor(inputs.ageYears);
  const extraAwakenings = Math.max(0, (inputs.longAwakenings ?? 0) - 1);
  return {
    duration: piecewiseLinear(inputs.timeInSleep, durationAnchors(need)),
    efficiency: piecewiseLinear(inputs.efficiency, EFFICIENCY_ANCHORS),
    continuity: Math.max(
      0,
      piecewiseLinear(inputs.waso, WASO_ANCHORS) - AWAKENING_PENALTY * extraAwakenings,
    ),
    latency: piecewiseLinear(inputs.sleepLatency, LATENCY_ANCHORS),
    timing:
      inputs.timingDistance === null ? 100 : piecewiseLinear(inputs.timingDistance, TIMING_ANCHORS),
    restoration: piecewiseLinear(inputs.restorationShare, RESTORATION_ANCHORS),
  };
}

/** round(sum(weight * subScore) / 100), half away from zero, from unrounded sub-scores. */
export function combineSubScores(
  subScores: Readonly<Record<ScoreContributorName, number>>,
  weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS,
): number {
  let total = 0;
  for (const name of SCORE_CONTRIBUTORS) total += weights[name] * subScores[name];
  return roundHalfAwayFromZero(total / 100);
}

/**
 * The numbers a scored night's contributors are rendered from, explanations included: the
 * explanations are a function of these, so a store may keep them instead of the contributors
 * (`contributorsOf` gives the same contributors back). Per-contributor lists in
 * `SCORE_CONTRIBUTORS` order.
 */
export interface ScoreFigures {
  readonly values: readonly (number | null)[];
  /** 0..100, one decimal. */
  readonly subScores: readonly number[];
  readonly weights: readonly number[];
  readonly band: SleepNeedBand;
  /** Of the time in bed, one decimal. */
  readonly efficiencyPercent: number;
  readonly longAwakenings: number | null;
  /** Mid-sleep from the usual one, whole minutes; null when history is short. */
  readonly timingMinutes: number | null;
  readonly previousMainSleeps: number;
  /** Deep and REM of the time asleep, one decimal. */
  readonly restorationPercent: number;
}

const UNITS: Readonly<Record<ScoreContributorName, 'seconds' | 'ratio'>> = {
  duration: 'seconds',
  efficiency: 'ratio',
  continuity: 'seconds',
  latency: 'seconds',
  timing: 'seconds',
  restoration: 'ratio',
};

const percentOf = (ratio: number) => roundHalfAwayFromZero(ratio * 100, 1);

/** The figures of a score from its exact inputs. */
export function scoreFiguresOf(
  inputs: ScoreInputs,
  weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS,
): ScoreFigures {
  const subScores = subScoresOf(inputs);
  const values: Record<ScoreContributorName, number | null> = {
    duration: inputs.timeInSleep,
    efficiency: roundHalfAwayFromZero(inputs.efficiency, 4),
    continuity: inputs.waso,
    latency: inputs.sleepLatency,
    timing: inputs.timingDistance === null ? null : Math.round(inputs.timingDistance),
    restoration: roundHalfAwayFromZero(inputs.restorationShare, 4),
  };
  return {
    values: SCORE_CONTRIBUTORS.map((name) => values[name]),
    subScores: SCORE_CONTRIBUTORS.map((name) => roundHalfAwayFromZero(subScores[name], 1)),
    weights: SCORE_CONTRIBUTORS.map((name) => weights[name]),
    band: sleepNeedFor(inputs.ageYears).band,
    efficiencyPercent: percentOf(inputs.efficiency),
    longAwakenings: inputs.longAwakenings,
    timingMinutes: inputs.timingDistance === null ? null : minutes(inputs.timingDistance),
    previousMainSleeps: inputs.previousMainSleeps,
    restorationPercent: percentOf(inputs.restorationShare),
  };
}

function explain(name: ScoreContributorName, figures: ScoreFigures): string {
  const [timeInSleep, , waso, sleepLatency] = figures.values as number[];
  switch (name) {
    case 'duration': {
      const need = SLEEP_NEEDS[figures.band];
      return `${hoursMinutes(timeInSleep)} asleep; the recommended range for age band ${need.band} is ${need.minSeconds / 3600}-${need.maxSeconds / 3600} h.`;
    }
    case 'efficiency':
      return `Asleep for ${figures.efficiencyPercent} % of the time in bed; 85 % or more counts as good.`;
    case 'continuity':
      return figures.longAwakenings === null
        ? `${minutes(waso)} min awake after falling asleep; 20 min or less counts as good.`
        : `${minutes(waso)} min awake after falling asleep, ${figures.longAwakenings} awakening(s) longer than 5 min; up to 20 min and one such awakening count as good.`;
    case 'latency':
      return `${minutes(sleepLatency)} min to fall asleep; 30 min or less counts as good.`;
    case 'timing':
      return figures.timingMinutes === null
        ? `Fewer than ${TIMING_HISTORY_MIN} earlier nights to compare the timing with (${figures.previousMainSleeps}).`
        : `Mid-sleep ${figures.timingMinutes} min from the usual of the last ${figures.previousMainSleeps} nights; 30 min or less counts as good.`;
    case 'restoration':
      return `Deep and REM sleep made up ${figures.restorationPercent} % of the time asleep; 40 % or more counts as good.`;
  }
}

/** A scored night's contributors, explanations rendered, from its figures. */
export function contributorsOf(figures: ScoreFigures): ScoreContributor[] {
  return SCORE_CONTRIBUTORS.map((name, i) => ({
    name,
    value: figures.values[i] as number | null,
    unit: UNITS[name],
    subScore: figures.subScores[i] as number,
    weight: figures.weights[i] as number,
    explanation: explain(name, figures),
  }));
}

/** A night's score with the figures of its contributors, or why it has none. */
export type ScoredFigures =
  | { readonly score: number; readonly scoreVersion: string; readonly figures: ScoreFigures }
  | {
      readonly score: null;
      readonly scoreVersion: string;
      readonly reason: 'never-slept' | 'no-stats';
    };

/** The score and its parts from known inputs. */
export function scoreFromInputs(
  inputs: ScoreInputs,
  weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS,
): SleepScore {
  return {
    score: combineSubScores(subScoresOf(inputs), weights),
    scoreVersion: SCORE_VERSION,
    contributors: contributorsOf(scoreFiguresOf(inputs, weights)),
  };
}

export interface ScoreContext {
  /** Age on the night, when known; see `ageOnSleepDay`. */
  readonly ageYears?: number | null;
  /** The user's earlier nights: the last 14 slept main sleeps before this one are used. */
  readonly history?: readonly NightFact[];
  readonly weights?: ScoreWeights;
  /** Zone for times of day; the night's own by default. */
  readonly timezone?: string;
  /**
   * `midSleepSeconds`, or a memo of it when many nights of one user are scored (each night is
   * in the history of the next 14): must give `midSleepSeconds`' answer.
   */
  readonly midSleepOf?: (fact: NightFact, timeZone: string) => number | null;
}

/** Age in whole years on a sleep day from a birth year alone (ours: birthday taken as 1 January). */
export function ageOnSleepDay(
  birthYear: number | null | undefined,
  sleepDay: string,
): number | null {
  if (birthYear === null || birthYear === undefined) return null;
  return Number(sleepDay.slice(0, 4)) - birthYear;
}

/** The inputs of one night's score, or why it has none. */
export function scoreInputsOf(
  fact: NightFact,
  context: ScoreContext = {},
): ScoreInputs | 'never-slept' | 'no-stats' {
  const stat = fact.stat;
  if (stat === null) return 'no-stats';
  if (!isSlept(fact)) return 'never-slept';
  const zone = context.timezone ?? fact.timezone;
  const midSleepOf = context.midSleepOf ?? midSleepSeconds;
  const start = parseInstant(fact.startTime);
  // Each start read once, not in every comparison of the sort.
  const previous = (context.history ?? [])
    .filter(
      (other) =>
        other.mainSleep && !other.nap && other.sessionId !== fact.sessionId && isSlept(other),
    )
    .map((other) => ({ other, startMs: parseInstant(other.startTime) }))
    .filter(({ startMs }) => startMs < start)
    .sort((a, b) => b.startMs - a.startMs)
    .slice(0, TIMING_HISTORY_MAX)
    .map(({ other }) => midSleepOf(other, zone))
    .filter((value): value is number => value !== null);
  const usual = previous.length >= TIMING_HISTORY_MIN ? circularMeanSeconds(previous) : null;
  const mid = midSleepOf(fact, zone);
  return {
    timeInSleep: stat.time_in_sleep,
    ageYears: context.ageYears ?? null,
    efficiency: stat.time_in_bed > 0 ? stat.time_in_sleep / stat.time_in_bed : 0,
    sleepLatency: stat.sleep_latency,
    waso: stat.time_in_wake,
    longAwakenings: fact.sleepStages ? countLongAwakenings(fact.sleepStages) : null,
    timingDistance: usual === null || mid === null ? null : circularDistanceSeconds(mid, usual),
    previousMainSleeps: previous.length,
    restorationShare: (stat.time_in_deep + stat.time_in_rem) / stat.time_in_sleep,
  };
}

/** A night's score and figures (analytics definitions, section 4): what `scoreNight` renders. */
export function scoreNightFigures(fact: NightFact, context: ScoreContext = {}): ScoredFigures {
  const inputs = scoreInputsOf(fact, context);
  if (typeof inputs === 'string')
    return { score: null, scoreVersion: SCORE_VERSION, reason: inputs };
  const weights = context.weights ?? DEFAULT_SCORE_WEIGHTS;
  return {
    score: combineSubScores(subScoresOf(inputs), weights),
    scoreVersion: SCORE_VERSION,
    figures: scoreFiguresOf(inputs, weights),
  };
}

/** Sleep score of one night (analytics definitions, section 4): null with a reason if unslept. */
export function scoreNight(fact: NightFact, context: ScoreContext = {}): SleepScore {
  const scored = scoreNightFigures(fact, context);
  if (scored.score === null) return { ...scored, contributors: [] };
  return {
    score: scored.score,
    scoreVersion: scored.scoreVersion,
    contributors: contributorsOf(scored.figures),
  };
}
