import type { NightFact } from '@sleep/contracts';
import { parseInstant } from '../lib/parse-instant';
import type { Chronotype } from './chronotype';
import { circularDifferenceSeconds } from './circular';
import { roundHalfAwayFromZero } from './exact-rounding';
import { isSlept } from './night-facts';
import type { ReportPeriod } from './report-periods';
import { sleepNeedFor } from './score-curves';
import { trendOf, unwrapTimesOfDay, type TrendPoint } from './trends';
import { dayNumber, secondsOfDay } from './zoned-time';

export const INSIGHT_RULES = [
  'short-sleep-streak',
  'latency-worsening',
  'low-efficiency',
  'irregular-schedule',
  'weekend-catch-up',
  'bedtime-drifting-later',
] as const;
export type InsightRule = (typeof INSIGHT_RULES)[number];
export type InsightSeverity = 'info' | 'notice' | 'warning';

export interface Insight {
  /** Stable: rule + user + period, so re-evaluating a period updates rather than repeats. */
  readonly id: string;
  readonly rule: InsightRule;
  readonly severity: InsightSeverity;
  readonly userId: string;
  readonly periodKey: string;
  /** One sentence describing the data; never a diagnosis. */
  readonly text: string;
  readonly numbers: Readonly<Record<string, number>>;
  readonly sessionIds: readonly string[];
}

/** Thresholds of the starting set (analytics definitions, section 7). */
export const SHORT_SLEEP_STREAK_MIN = 3;
export const LOW_EFFICIENCY = { threshold: 0.85, nights: 7, atLeast: 4 } as const;
export const IRREGULAR_SRI_BELOW = 60;
export const WEEKEND_CATCH_UP_SECONDS = 3600;

export interface InsightInput {
  readonly userId: string;
  readonly period: ReportPeriod;
  /**
   * The user's nights up to the period's end: the period and enough before it for the trends
   * (30 days is plenty). Only slept main sleeps are used.
   */
  readonly facts: readonly NightFact[];
  readonly ageYears?: number | null;
  /** Zone for times of day; each night's own by default. */
  readonly timezone?: string;
  /** SRI of the period, when it has one. */
  readonly sri?: number | null;
  /** Chronotype of the period (for social jet lag), when it has one. */
  readonly chronotype?: Chronotype | null;
}

const minutes = (seconds: number) => Math.round(seconds / 60);
const duration = (seconds: number) => {
  const m = minutes(Math.abs(seconds));
  return m >= 60 ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
};

function insight(
  input: InsightInput,
  rule: InsightRule,
  severity: InsightSeverity,
  text: string,
  numbers: Record<string, number>,
  nights: readonly NightFact[],
): Insight {
  return {
    id: `${rule}:${input.userId}:${input.period.key}`,
    rule,
    severity,
    userId: input.userId,
    periodKey: input.period.key,
    text,
    numbers,
    sessionIds: nights.map((n) => n.sessionId),
  };
}

/** Slept main sleeps up to the period's end, in sleep-day order. */
function mainSleepsUpTo(input: InsightInput): NightFact[] {
  return input.facts
    .filter((f) => f.mainSleep && !f.nap && isSlept(f) && f.sleepDay <= input.period.endDate)
    .sort((a, b) => (a.sleepDay < b.sleepDay ? -1 : a.sleepDay > b.sleepDay ? 1 : 0));
}

/** >= 3 consecutive sleep days under the age band's range, ending inside the period (longest run). */
function shortSleepStreak(input: InsightInput, nights: NightFact[]): Insight | null {
  const need = sleepNeedFor(input.ageYears);
  let best: NightFact[] = [];
  let run: NightFact[] = [];
  for (const night of nights) {
    const short = (night.stat?.time_in_sleep ?? 0) < need.minSeconds;
    const follows =
      run.length > 0 && dayNumber(night.sleepDay) === dayNumber(run[run.length - 1].sleepDay) + 1;
    run = short ? (follows ? [...run, night] : [night]) : [];
    const endsInPeriod = night.sleepDay >= input.period.startDate;
    if (endsInPeriod && run.length >= best.length) best = run;
  }
  if (best.length < SHORT_SLEEP_STREAK_MIN) return null;
  const average = best.reduce((t, n) => t + (n.stat?.time_in_sleep ?? 0), 0) / best.length;
  return insight(
    input,
    'short-sleep-streak',
    best.length >= 5 ? 'warning' : 'notice',
    `You slept less than ${need.minSeconds / 3600} h on ${best.length} nights in a row, ${duration(average)} on average.`,
    { nights: best.length, averageTimeInSleep: Math.round(average), rangeMin: need.minSeconds },
    best,
  );
}

/** Sleep latency with a significant rising trend (the metric's worsening direction). */
function latencyWorsening(input: InsightInput, nights: NightFact[]): Insight | null {
  const points = nights.map((n) => ({ sleepDay: n.sleepDay, value: n.stat?.sleep_latency ?? 0 }));
  const trend = trendOf(points, { metric: 'sleep_latency' });
  if (trend.direction !== 'worsening' || trend.slopePerWeek === null) return null;
  return insight(
    input,
    'latency-worsening',
    'notice',
    `Over your last ${trend.nights} nights, the time you took to fall asleep rose by about ${duration(trend.slopePerWeek)} per week.`,
    {
      nights: trend.nights,
      slopeSecondsPerWeek: Math.round(trend.slopePerWeek),
      pValue: roundHalfAwayFromZero(trend.mannKendall.pValue, 4),
    },
    nights,
  );
}

/** Efficiency (Asleep's) under 85 % on at least 4 of the last 7 slept main sleeps. */
function lowEfficiency(input: InsightInput, nights: NightFact[]): Insight | null {
  const last = nights.slice(-LOW_EFFICIENCY.nights);
  if (last.length === 0 || last[last.length - 1].sleepDay < input.period.startDate) return null;
  const low = last.filter((n) => (n.stat?.sleep_efficiency ?? 0) < LOW_EFFICIENCY.threshold);
  if (low.length < LOW_EFFICIENCY.atLeast) return null;
  return insight(
    input,
    'low-efficiency',
    low.length >= 6 ? 'warning' : 'notice',
    `On ${low.length} of your last ${last.length} nights you were asleep for less than 85 % of your time in bed.`,
    { lowNights: low.length, nights: last.length, threshold: LOW_EFFICIENCY.threshold },
    low,
  );
}

function irregularSchedule(input: InsightInput, nights: NightFact[]): Insight | null {
  const sri = input.sri;
  if (sri === null || sri === undefined || !(sri < IRREGULAR_SRI_BELOW)) return null;
  const inPeriod = nights.filter((n) => n.sleepDay >= input.period.startDate);
  return insight(
    input,
    'irregular-schedule',
    sri < 40 ? 'warning' : 'notice',
    `Your sleep regularity index for this ${input.period.kind} was ${sri} out of 100: your sleep and wake times varied from day to day.`,
    { sri, threshold: IRREGULAR_SRI_BELOW },
    inPeriod,
  );
}

function weekendCatchUp(input: InsightInput, nights: NightFact[]): Insight | null {
  const c = input.chronotype;
  if (!c || c.socialJetLagSeconds === null || c.msf === null || c.msw === null) return null;
  if (c.socialJetLagSeconds < WEEKEND_CATCH_UP_SECONDS) return null;
  const later = circularDifferenceSeconds(c.msf, c.msw) > 0;
  const inPeriod = nights.filter((n) => n.sleepDay >= input.period.startDate);
  return insight(
    input,
    'weekend-catch-up',
    c.socialJetLagSeconds >= 2 * 3600 ? 'notice' : 'info',
    `The middle of your sleep on free days was ${duration(c.socialJetLagSeconds)} ${later ? 'later' : 'earlier'} than on work days.`,
    { socialJetLagMinutes: c.socialJetLagMinutes ?? 0, msf: c.msf, msw: c.msw },
    inPeriod,
  );
}

function bedtimeDriftingLater(input: InsightInput, nights: NightFact[]): Insight | null {
  const withTime = nights.filter((n) => n.stat?.sleep_time);
  const seconds = withTime.map((n) =>
    secondsOfDay(parseInstant(n.stat?.sleep_time as string), input.timezone ?? n.timezone),
  );
  const unwrapped = unwrapTimesOfDay(seconds);
  const points: TrendPoint[] = withTime.map((n, i) => ({
    sleepDay: n.sleepDay,
    value: unwrapped[i],
  }));
  const trend = trendOf(points, { metric: 'sleep_time' });
  if (trend.change !== 'increasing' || trend.slopePerWeek === null) return null;
  return insight(
    input,
    'bedtime-drifting-later',
    'info',
    `Over your last ${trend.nights} nights, the time you fell asleep moved later by about ${duration(trend.slopePerWeek)} per week.`,
    {
      nights: trend.nights,
      slopeSecondsPerWeek: Math.round(trend.slopePerWeek),
      pValue: roundHalfAwayFromZero(trend.mannKendall.pValue, 4),
    },
    withTime,
  );
}

/** Every insight of the starting set that holds for the period (analytics definitions, section 7). */
export function evaluateInsights(input: InsightInput): Insight[] {
  const nights = mainSleepsUpTo(input);
  return [
    shortSleepStreak(input, nights),
    latencyWorsening(input, nights),
    lowEfficiency(input, nights),
    irregularSchedule(input, nights),
    weekendCatchUp(input, nights),
    bedtimeDriftingLater(input, nights),
  ].filter((found): found is Insight => found !== null);
}

/** Days before the same rule may speak again at the same or a lower severity (ours). */
export const INSIGHT_COOLDOWN_DAYS: Readonly<Record<InsightRule, number>> = {
  'short-sleep-streak': 7,
  'latency-worsening': 14,
  'low-efficiency': 7,
  'irregular-schedule': 14,
  'weekend-catch-up': 28,
  'bedtime-drifting-later': 14,
};

export interface InsightEmission {
  readonly id: string;
  readonly severity: InsightSeverity;
  readonly emittedAtMs: number;
}

const SEVERITY_RANK: Record<InsightSeverity, number> = { info: 0, notice: 1, warning: 2 };

/**
 * Whether to announce an insight given the last emission of the same rule for the user: always
 * the first time; never the same id again unless its severity rose; otherwise once the rule's
 * cool-down has passed, or earlier when the severity rose.
 */
export function shouldEmitInsight(
  insight: Pick<Insight, 'id' | 'rule' | 'severity'>,
  last: InsightEmission | null,
  nowMs: number,
  cooldownDays: number = INSIGHT_COOLDOWN_DAYS[insight.rule],
): boolean {
  if (last === null) return true;
  const escalated = SEVERITY_RANK[insight.severity] > SEVERITY_RANK[last.severity];
  if (escalated) return true;
  if (last.id === insight.id) return false;
  return nowMs - last.emittedAtMs >= cooldownDays * 86_400_000;
}
