import { circularMeanSeconds } from './circular';
import { DAY_SECONDS, dayNumber } from './zoned-time';

/** One value per sleep day (use main sleeps: pairs on the same day carry no time order). */
export interface TrendPoint {
  readonly sleepDay: string;
  readonly value: number;
}

/** Which way a metric gets better (analytics definitions, section 6). */
export type GoodDirection = 'higher' | 'lower' | 'toward-range' | 'none';

/** Good direction per metric; `sleep_time`/`wake_time` are times of day with no better way. */
export const METRIC_GOOD_DIRECTION = {
  time_in_sleep: 'toward-range',
  sleep_efficiency: 'higher',
  sleep_latency: 'lower',
  time_in_wake: 'lower',
  waso_count: 'lower',
  longest_waso: 'lower',
  time_in_deep: 'higher',
  time_in_rem: 'higher',
  score: 'higher',
  sri: 'higher',
  sleep_time: 'none',
  wake_time: 'none',
  mid_sleep: 'none',
} as const satisfies Record<string, GoodDirection>;
export type TrendMetric = keyof typeof METRIC_GOOD_DIRECTION;

export const TREND_MIN_NIGHTS = 7;
export const TREND_ALPHA = 0.05;

export interface MannKendall {
  readonly s: number;
  /** Var(S) with the tie correction. */
  readonly variance: number;
  /** Normal score with the continuity correction. */
  readonly z: number;
  /** Two-sided p-value; 1 when S and its variance are 0. */
  readonly pValue: number;
}

export interface Trend {
  readonly metric: string | null;
  readonly nights: number;
  /** Theil-Sen slope in units per week; null with fewer than 2 distinct days. */
  readonly slopePerWeek: number | null;
  readonly mannKendall: MannKendall;
  /** The raw direction at p < 0.05 with >= 7 nights, else `none`. */
  readonly change: 'increasing' | 'decreasing' | 'none';
  readonly direction: 'improving' | 'worsening' | 'stable';
  readonly insufficientData: boolean;
}

/**
 * erfc(x) for x >= 0 (Numerical Recipes' Chebyshev fit, fractional error < 1.2e-7 everywhere):
 * enough for a p-value compared with 0.05.
 */
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(poly);
}

/** P(|N(0,1)| >= |z|). */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

const sign = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);

/**
 * Two-sided Mann-Kendall test (Mann 1945, Kendall 1975): S = sum over pairs of sign(dx * dy),
 * Var(S) = [n(n-1)(2n+5) - sum t(t-1)(2t+5)] / 18 over groups of tied values, Z = (S -/+ 1) /
 * sqrt(Var S) (continuity), p from the normal approximation.
 */
export function mannKendall(points: readonly TrendPoint[]): MannKendall {
  const n = points.length;
  const xs = points.map((p) => dayNumber(p.sleepDay));
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      s += sign(xs[j] - xs[i]) * sign(points[j].value - points[i].value);
    }
  }
  const groups = new Map<number, number>();
  for (const p of points) groups.set(p.value, (groups.get(p.value) ?? 0) + 1);
  let ties = 0;
  for (const t of groups.values()) ties += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  if (variance <= 0 || s === 0) return { s, variance, z: 0, pValue: 1 };
  const z = (s > 0 ? s - 1 : s + 1) / Math.sqrt(variance);
  return { s, variance, z, pValue: twoSidedNormalP(z) };
}

/** Theil-Sen estimator (Theil 1950, Sen 1968): median of pairwise slopes, units per day. */
export function theilSenSlopePerDay(points: readonly TrendPoint[]): number | null {
  const xs = points.map((p) => dayNumber(p.sleepDay));
  // A typed array sorts numerically without a comparator call per comparison.
  const all = new Float64Array((points.length * (points.length - 1)) / 2);
  let count = 0;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (xs[j] !== xs[i]) all[count++] = (points[j].value - points[i].value) / (xs[j] - xs[i]);
    }
  }
  if (count === 0) return null;
  return medianOf(all.subarray(0, count));
}

/**
 * The median of `values` (reordered in place): the middle one, or the mean of the middle two.
 * Found by selection (expected linear time), since the slopes grow with the square of the nights;
 * sorted when a value is NaN, which selection cannot place.
 */
export function medianOf(values: Float64Array): number {
  const mid = values.length >> 1;
  if (values.some(Number.isNaN)) {
    values.sort();
    return values.length % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
  const upper = selectInPlace(values, mid);
  if (values.length % 2 === 1) return upper;
  // Everything before `mid` is now at most the upper middle: the lower middle is their largest.
  let lower = values[0];
  for (let i = 1; i < mid; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/** The k-th smallest value (0-based); afterwards every value before index k is at most it, every one after at least it. */
function selectInPlace(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k];
}

/**
 * Times of day unwrapped around their circular mean (into mean +/- 12 h), so a bedtime drifting
 * from 23:30 to 00:30 is a rise of one hour, not a fall of 23.
 */
export function unwrapTimesOfDay(seconds: readonly number[]): number[] {
  const centre = circularMeanSeconds(seconds) ?? DAY_SECONDS / 2;
  return seconds.map((s) => {
    let v = s;
    while (v < centre - DAY_SECONDS / 2) v += DAY_SECONDS;
    while (v >= centre + DAY_SECONDS / 2) v -= DAY_SECONDS;
    return v;
  });
}

export interface TrendOptions {
  readonly metric?: TrendMetric;
  /** Overrides the metric's good direction. */
  readonly goodDirection?: GoodDirection;
  /** For `toward-range`: the recommended range (e.g. time asleep, seconds). */
  readonly range?: { readonly min: number; readonly max: number };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Trend of a metric: Theil-Sen slope per week and Mann-Kendall; a direction only at p < 0.05 with
 * at least 7 nights. `toward-range` (ours): higher is better while the window's median is at most
 * the range's top, lower is better above it.
 */
export function trendOf(points: readonly TrendPoint[], options: TrendOptions = {}): Trend {
  const sorted = [...points].sort((a, b) =>
    a.sleepDay < b.sleepDay ? -1 : a.sleepDay > b.sleepDay ? 1 : 0,
  );
  const mk = mannKendall(sorted);
  const slope = theilSenSlopePerDay(sorted);
  const base = {
    metric: options.metric ?? null,
    nights: sorted.length,
    slopePerWeek: slope === null ? null : slope * 7,
    mannKendall: mk,
  };
  if (sorted.length < TREND_MIN_NIGHTS) {
    return { ...base, change: 'none', direction: 'stable', insufficientData: true };
  }
  if (!(mk.pValue < TREND_ALPHA) || mk.s === 0) {
    return { ...base, change: 'none', direction: 'stable', insufficientData: false };
  }
  const change = mk.s > 0 ? 'increasing' : 'decreasing';
  let good =
    options.goodDirection ??
    (options.metric ? METRIC_GOOD_DIRECTION[options.metric] : ('none' as GoodDirection));
  if (good === 'toward-range') {
    const top = options.range?.max ?? 9 * 3600;
    good = median(sorted.map((p) => p.value)) <= top ? 'higher' : 'lower';
  }
  const direction =
    good === 'none'
      ? 'stable'
      : (change === 'increasing') === (good === 'higher')
        ? 'improving'
        : 'worsening';
  return { ...base, change, direction, insufficientData: false };
}

export interface RollingMean {
  readonly sleepDay: string;
  readonly mean: number;
  /** Nights in the window ending on this day. */
  readonly nights: number;
}

/** Mean over the sleep days (d - windowDays, d], for every day that has a value. */
export function rollingMeans(points: readonly TrendPoint[], windowDays: number): RollingMean[] {
  const sorted = [...points]
    .map((p) => ({ day: dayNumber(p.sleepDay), ...p }))
    .sort((a, b) => a.day - b.day);
  const result: RollingMean[] = [];
  let from = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (sorted[from].day <= sorted[i].day - windowDays) from++;
    const last = i === sorted.length - 1 || sorted[i + 1].day !== sorted[i].day;
    if (last) {
      // Summed afresh per day: a running sum would drift over long series.
      let exact = 0;
      for (let k = from; k <= i; k++) exact += sorted[k].value;
      result.push({
        sleepDay: sorted[i].sleepDay,
        mean: exact / (i - from + 1),
        nights: i - from + 1,
      });
    }
  }
  return result;
}
