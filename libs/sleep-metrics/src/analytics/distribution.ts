import { roundHalfAwayFromZero } from './exact-rounding';

/** The quantiles every tenant statistic reports (analytics definitions, section 8). */
export const DISTRIBUTION_QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9] as const;

export interface Distribution {
  /** How many values it summarises. */
  readonly count: number;
  readonly p10: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  readonly mean: number;
}

/**
 * The p-quantile of ascending values by linear interpolation between closest ranks (Hyndman and
 * Fan 1996, definition 7; numpy's default and PostgreSQL's `percentile_cont`): position
 * h = p * (n - 1), value = v[floor h] + (h - floor h) * (v[ceil h] - v[floor h]). Null when empty.
 */
export function quantileOfSorted(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  return low + (position - lower) * ((sorted[upper] as number) - low);
}

/** Unrounded quantiles and mean as the store computes them (`percentile_cont`, `avg`). */
export interface RawDistribution {
  readonly count: number;
  /** The values at DISTRIBUTION_QUANTILES, in order. */
  readonly quantiles: readonly number[];
  readonly mean: number;
}

export function rawDistributionOf(values: readonly number[]): RawDistribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    quantiles: DISTRIBUTION_QUANTILES.map((p) => quantileOfSorted(sorted, p) as number),
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
  };
}

/** Rounded for the API: half away from zero to `decimals` (float noise snapped first). */
export function roundDistribution(raw: RawDistribution, decimals: number): Distribution {
  const round = (value: number) => roundHalfAwayFromZero(value, decimals);
  const [p10, p25, p50, p75, p90] = raw.quantiles.map(round) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { count: raw.count, p10, p25, p50, p75, p90, mean: round(raw.mean) };
}

/** The distribution of values, rounded to `decimals`; null when there are none. */
export function distributionOf(values: readonly number[], decimals: number): Distribution | null {
  const raw = rawDistributionOf(values);
  return raw && roundDistribution(raw, decimals);
}

/**
 * The same as `rawDistributionOf` from a histogram: each distinct value with how often it occurs
 * (so a store can count values instead of sorting them). Null when empty.
 */
export function rawDistributionOfCounts(
  histogram: readonly (readonly [value: number, count: number])[],
): RawDistribution | null {
  const bins = histogram.filter(([, count]) => count > 0).sort((a, b) => a[0] - b[0]);
  const total = bins.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  // The value at 0-based rank r: walk the cumulative counts.
  const at = (rank: number) => {
    let seen = 0;
    for (const [value, count] of bins) {
      seen += count;
      if (rank < seen) return value;
    }
    return (bins[bins.length - 1] as readonly [number, number])[0];
  };
  const quantiles = DISTRIBUTION_QUANTILES.map((p) => {
    const position = p * (total - 1);
    const lower = Math.floor(position);
    const low = at(lower);
    return low + (position - lower) * (at(Math.ceil(position)) - low);
  });
  const sum = bins.reduce((acc, [value, count]) => acc + value * count, 0);
  return { count: total, quantiles, mean: sum / total };
}
