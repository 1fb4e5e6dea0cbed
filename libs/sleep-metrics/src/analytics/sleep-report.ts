import type { NightFact } from '@sleep/contracts';
import { parseInstant } from '../lib/parse-instant';
import { chronotype } from './chronotype';
import { circularDifferenceSeconds, circularMeanSeconds } from './circular';
import { divHalfEven, roundHalfAwayFromZero, toMillionths } from './exact-rounding';
import type { Insight } from './insights';
import { isSlept } from './night-facts';
import { inPeriod, previousPeriod, type ReportPeriod } from './report-periods';
import { type SleepRegularity, sleepRegularityIndex } from './sleep-regularity';
import { formatTimeOfDay, secondsOfDay } from './zoned-time';

export interface PeriodAverages {
  /** Whole seconds, half to even. */
  readonly timeInSleep: number | null;
  readonly sleepLatency: number | null;
  readonly timeInWake: number | null;
  readonly timeInBed: number | null;
  /** Mean of Asleep's per-night efficiencies, 3 decimals. */
  readonly sleepEfficiency: number | null;
  /** Circular means, `hh:mm:ss`. */
  readonly sleepTime: string | null;
  readonly wakeTime: string | null;
}

export interface PeriodSummary {
  /** Nights recorded (naps only when asked for); never-slept ones included. */
  readonly nightsTracked: number;
  readonly nightsSlept: number;
  readonly averages: PeriodAverages;
  /** Mean of the scored main sleeps, one decimal. */
  readonly meanScore: number | null;
  readonly sri: number | null;
  readonly socialJetLagMinutes: number | null;
}

export interface ReportNight {
  readonly sessionId: string;
  readonly sleepDay: string;
  readonly score: number;
}

export interface ReportChange {
  readonly current: number | null;
  readonly previous: number | null;
  readonly absolute: number | null;
  /** Relative to the previous value, one decimal; null when there is none or it is 0. */
  readonly percent: number | null;
}

export const REPORT_CHANGE_METRICS = [
  'nightsSlept',
  'timeInSleep',
  'sleepEfficiency',
  'sleepLatency',
  'timeInWake',
  'meanScore',
  'sri',
  'socialJetLagMinutes',
] as const;
export type ReportChangeMetric = (typeof REPORT_CHANGE_METRICS)[number];

export interface SleepReport extends PeriodSummary {
  /** Stable: kind + user + period key. */
  readonly id: string;
  readonly userId: string;
  readonly period: ReportPeriod & { readonly timezone: string };
  readonly bestNight: ReportNight | null;
  readonly worstNight: ReportNight | null;
  readonly previous: PeriodSummary;
  readonly changes: Readonly<Record<ReportChangeMetric, ReportChange>>;
  /** Shift of the mean sleep time against the previous period, minutes (+ = later). */
  readonly sleepTimeShiftMinutes: number | null;
  readonly insights: readonly Insight[];
}

export interface ReportInput {
  readonly userId: string;
  readonly period: ReportPeriod;
  /** The user's zone: period bounds, SRI grid and times of day. */
  readonly timezone: string;
  /**
   * The user's nights of the period and of the previous one, by sleep day. Nights outside both
   * only serve the SRI, whose grid takes every night overlapping its window: pass the first night
   * after the period too, or its last evening reads as awake.
   */
  readonly facts: readonly NightFact[];
  /** Score per session id (null or absent: no score). */
  readonly scores?: Readonly<Record<string, number | null>>;
  readonly insights?: readonly Insight[];
  readonly includeNaps?: boolean;
  /** ISO weekdays of free sleep days (chronotype); Saturday and Sunday by default. */
  readonly freeDays?: readonly number[];
  /**
   * The SRI of the period and of the previous one, when the caller already computed them from
   * these `facts` in `timezone` (it costs more than the rest of the report); computed otherwise.
   */
  readonly regularity?: {
    readonly current: SleepRegularity;
    readonly previous: SleepRegularity;
  };
}

const wholeMean = (values: readonly number[]) =>
  values.length === 0
    ? null
    : divHalfEven(
        values.reduce((a, b) => a + Math.round(b), 0),
        values.length,
      );
const ratioMean = (values: readonly number[]) =>
  values.length === 0
    ? null
    : divHalfEven(
        values.reduce((a, b) => a + toMillionths(b), 0),
        values.length * 1000,
      ) / 1000;

function summarize(
  facts: readonly NightFact[],
  period: ReportPeriod,
  input: ReportInput,
  known: SleepRegularity | undefined,
): PeriodSummary & { readonly scored: ReportNight[]; readonly sleepTimeMean: number | null } {
  const own = facts.filter((f) => inPeriod(period, f.sleepDay));
  const counted = own.filter((f) => input.includeNaps || !f.nap);
  const slept = counted.filter(isSlept);
  const mains = slept.filter((f) => f.mainSleep || (input.includeNaps && f.nap));
  const stats = mains.map((f) => f.stat).filter((s) => s !== null);
  const times = (pick: (f: NightFact) => string | null | undefined) =>
    mains
      .map(pick)
      .filter((iso): iso is string => typeof iso === 'string')
      .map((iso) => secondsOfDay(parseInstant(iso), input.timezone));
  const sleepTimeMean = circularMeanSeconds(times((f) => f.stat?.sleep_time));
  const wakeTimeMean = circularMeanSeconds(times((f) => f.stat?.wake_time));
  const scored = mains
    .map((f) => ({
      sessionId: f.sessionId,
      sleepDay: f.sleepDay,
      score: input.scores?.[f.sessionId],
    }))
    .filter((n): n is ReportNight => typeof n.score === 'number');
  const meanScore =
    scored.length === 0
      ? null
      : roundHalfAwayFromZero(scored.reduce((t, n) => t + n.score, 0) / scored.length, 1);
  const regularity =
    known ??
    sleepRegularityIndex(facts, {
      startDate: period.startDate,
      endDate: period.endDate,
      timezone: input.timezone,
    });
  const timing = chronotype(own, { freeDays: input.freeDays, timezone: input.timezone });
  return {
    nightsTracked: counted.length,
    nightsSlept: slept.length,
    averages: {
      timeInSleep: wholeMean(stats.map((s) => s.time_in_sleep)),
      sleepLatency: wholeMean(stats.map((s) => s.sleep_latency)),
      timeInWake: wholeMean(stats.map((s) => s.time_in_wake)),
      timeInBed: wholeMean(stats.map((s) => s.time_in_bed)),
      sleepEfficiency: ratioMean(stats.map((s) => s.sleep_efficiency)),
      sleepTime: sleepTimeMean === null ? null : formatTimeOfDay(Math.round(sleepTimeMean)),
      wakeTime: wakeTimeMean === null ? null : formatTimeOfDay(Math.round(wakeTimeMean)),
    },
    meanScore,
    sri: regularity.sri,
    socialJetLagMinutes: timing.socialJetLagMinutes,
    scored,
    sleepTimeMean,
  };
}

function change(current: number | null, previous: number | null): ReportChange {
  if (current === null || previous === null) {
    return { current, previous, absolute: null, percent: null };
  }
  const absolute = roundHalfAwayFromZero(current - previous, 3);
  const percent =
    previous === 0
      ? null
      : roundHalfAwayFromZero(((current - previous) / Math.abs(previous)) * 100, 1);
  return { current, previous, absolute, percent };
}

const byDay = (a: ReportNight, b: ReportNight) =>
  a.sleepDay < b.sleepDay ? -1 : a.sleepDay > b.sleepDay ? 1 : a.sessionId < b.sessionId ? -1 : 1;

/**
 * A weekly or monthly report (analytics definitions, section 6) from the nights of the period and
 * the one before. Averages and scores use slept main sleeps (naps only when asked); the best and
 * worst nights are the highest and lowest scores, the earlier night winning a tie (ours).
 */
export function buildSleepReport(input: ReportInput): SleepReport {
  const { period } = input;
  const current = summarize(input.facts, period, input, input.regularity?.current);
  const before = summarize(input.facts, previousPeriod(period), input, input.regularity?.previous);
  const sorted = [...current.scored].sort(byDay);
  const bestNight = sorted.reduce<ReportNight | null>(
    (b, n) => (b === null || n.score > b.score ? n : b),
    null,
  );
  const worstNight = sorted.reduce<ReportNight | null>(
    (w, n) => (w === null || n.score < w.score ? n : w),
    null,
  );
  const pick = (s: PeriodSummary, metric: ReportChangeMetric): number | null => {
    switch (metric) {
      case 'nightsSlept':
        return s.nightsSlept;
      case 'meanScore':
        return s.meanScore;
      case 'sri':
        return s.sri;
      case 'socialJetLagMinutes':
        return s.socialJetLagMinutes;
      default:
        return s.averages[metric];
    }
  };
  const strip = (s: typeof current): PeriodSummary => ({
    nightsTracked: s.nightsTracked,
    nightsSlept: s.nightsSlept,
    averages: s.averages,
    meanScore: s.meanScore,
    sri: s.sri,
    socialJetLagMinutes: s.socialJetLagMinutes,
  });
  return {
    id: `${period.kind}:${input.userId}:${period.key}`,
    userId: input.userId,
    period: { ...period, timezone: input.timezone },
    ...strip(current),
    bestNight,
    worstNight,
    previous: strip(before),
    changes: Object.fromEntries(
      REPORT_CHANGE_METRICS.map((metric) => [
        metric,
        change(pick(current, metric), pick(before, metric)),
      ]),
    ) as Record<ReportChangeMetric, ReportChange>,
    sleepTimeShiftMinutes:
      current.sleepTimeMean === null || before.sleepTimeMean === null
        ? null
        : roundHalfAwayFromZero(
            circularDifferenceSeconds(current.sleepTimeMean, before.sleepTimeMean) / 60,
            1,
          ),
    insights: input.insights ?? [],
  };
}
