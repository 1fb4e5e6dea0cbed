import fc from 'fast-check';
import {
  mannKendall,
  rollingMeans,
  medianOf,
  theilSenSlopePerDay,
  trendOf,
  twoSidedNormalP,
  unwrapTimesOfDay,
} from './trends';
import { addDays } from './zoned-time';

const series = (values: number[], from = '2025-03-01') =>
  values.map((value, i) => ({ sleepDay: addDays(from, i), value }));

describe('Mann-Kendall and Theil-Sen, by hand', () => {
  // y = 1, 2, 2, 3, 5, 4, 6, 6 on 8 consecutive days.
  // S: +7 (from 1), +5 (first 2), +5 (second 2), +4 (3), +1 (5: 4 below, two 6 above), +2 (4), 0 = 24.
  // Ties: two groups of 2 -> sum t(t-1)(2t+5) = 2 * 18 = 36; Var S = (8*7*21 - 36) / 18 = 63.333.
  // Z = (24 - 1) / sqrt(63.333) = 2.89009; p = erfc(Z / sqrt 2) = 0.0038513.
  // Theil-Sen: 28 pairwise slopes, the 14th and 15th sorted are 0.6667 and 0.8 -> median 0.73214
  // per day = 5.125 per week.
  const points = series([1, 2, 2, 3, 5, 4, 6, 6]);

  it('S, variance with ties, Z and p', () => {
    const mk = mannKendall(points);
    expect(mk.s).toBe(24);
    expect(mk.variance).toBeCloseTo(63.3333333, 6);
    expect(mk.z).toBeCloseTo(2.890092, 5);
    expect(mk.pValue).toBeCloseTo(0.0038513, 6);
  });

  it('Theil-Sen slope', () => {
    expect(theilSenSlopePerDay(points)).toBeCloseTo(0.7321428571, 9);
    expect(trendOf(points).slopePerWeek).toBeCloseTo(5.125, 9);
  });

  it('the normal tail is right at familiar points', () => {
    expect(twoSidedNormalP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedNormalP(0)).toBeCloseTo(1, 6);
    expect(twoSidedNormalP(-2.575829)).toBeCloseTo(0.01, 6);
  });

  it('a flat series: S = 0, p = 1; all tied: variance 0', () => {
    expect(mannKendall(series([3, 3, 3, 3, 3, 3, 3]))).toEqual({
      s: 0,
      variance: 0,
      z: 0,
      pValue: 1,
    });
    expect(mannKendall(series([1, 2, 1, 2, 1, 2, 1, 2])).pValue).toBeGreaterThan(0.05);
  });
});

describe('trend direction', () => {
  it('needs 7 nights: 6 rising nights are stable with insufficient data', () => {
    expect(trendOf(series([1, 2, 3, 4, 5, 6]), { metric: 'sleep_efficiency' })).toMatchObject({
      direction: 'stable',
      change: 'none',
      insufficientData: true,
      nights: 6,
    });
  });

  it('7 strictly rising nights are significant (S = 21, Var = 7*6*19/18 = 44.33, Z = 20 / 6.658 = 3.004, p = 0.00267)', () => {
    const rising = series([0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86]);
    const t = trendOf(rising, { metric: 'sleep_efficiency' });
    expect(t.mannKendall.pValue).toBeCloseTo(0.0026667, 6);
    expect(t).toMatchObject({
      change: 'increasing',
      direction: 'improving',
      insufficientData: false,
    });
    expect(
      trendOf(
        rising.map((p) => ({ ...p, value: 1000 + p.value * 1000 })),
        { metric: 'sleep_latency' },
      ).direction,
    ).toBe('worsening');
  });

  it('time asleep: longer is better within the range, shorter above it', () => {
    const h = (x: number) => x * 3600;
    const risingShort = series([6, 6.1, 6.2, 6.3, 6.4, 6.5, 6.6].map(h));
    const risingLong = series([10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6].map(h));
    expect(trendOf(risingShort, { metric: 'time_in_sleep' }).direction).toBe('improving');
    expect(trendOf(risingLong, { metric: 'time_in_sleep' }).direction).toBe('worsening');
    expect(
      trendOf(risingLong, { metric: 'time_in_sleep', range: { min: h(8), max: h(11) } }).direction,
    ).toBe('improving');
  });

  it('bedtime has no good direction: the change is reported, the direction stays stable', () => {
    const later = series(
      unwrapTimesOfDay([23, 23.2, 23.4, 23.6, 23.8, 0, 0.2].map((x) => x * 3600)),
    );
    expect(trendOf(later, { metric: 'sleep_time' })).toMatchObject({
      change: 'increasing',
      direction: 'stable',
    });
  });
});

describe('rolling means', () => {
  it('over the 7 sleep days ending on each day, skipping days without nights', () => {
    const points = [
      { sleepDay: '2025-03-01', value: 1 },
      { sleepDay: '2025-03-02', value: 2 },
      { sleepDay: '2025-03-07', value: 3 },
      { sleepDay: '2025-03-08', value: 4 },
      { sleepDay: '2025-03-20', value: 5 },
    ];
    expect(rollingMeans(points, 7)).toEqual([
      { sleepDay: '2025-03-01', mean: 1, nights: 1 },
      { sleepDay: '2025-03-02', mean: 1.5, nights: 2 },
      { sleepDay: '2025-03-07', mean: 2, nights: 3 },
      { sleepDay: '2025-03-08', mean: 3, nights: 3 }, // 03-01 has left the window (02..08)
      { sleepDay: '2025-03-20', mean: 5, nights: 1 },
    ]);
    expect(rollingMeans(points, 30).at(-1)).toEqual({ sleepDay: '2025-03-20', mean: 3, nights: 5 });
  });
});

describe('medianOf', () => {
  const sortedMedian = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };

  it('is the median of the sorted values, duplicates and any length included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -5, max: 5 }),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
          ),
          {
            minLength: 1,
            maxLength: 200,
          },
        ),
        (values) => {
          expect(medianOf(Float64Array.from(values)) + 0).toBe(sortedMedian(values) + 0);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('sorts when a value is NaN, which goes last', () => {
    expect(medianOf(Float64Array.from([3, NaN, 1]))).toBe(3);
  });
});
