import { ageBandOf } from './age-band';
import { sleepDayOfStarted } from './night-facts';
import {
  distributionOf,
  quantileOfSorted,
  rawDistributionOf,
  rawDistributionOfCounts,
} from './distribution';

describe('distribution (linear interpolation between closest ranks, R-7)', () => {
  it('matches the golden values of numpy.percentile and PostgreSQL percentile_cont', () => {
    expect(distributionOf([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 2)).toEqual({
      count: 10,
      p10: 1.9,
      p25: 3.25,
      p50: 5.5,
      p75: 7.75,
      p90: 9.1,
      mean: 5.5,
    });
    expect(distributionOf([15, 20, 35, 40, 50], 0)).toEqual({
      count: 5,
      p10: 17,
      p25: 20,
      p50: 35,
      p75: 40,
      p90: 46,
      mean: 32,
    });
  });
  it('rounds half away from zero at the requested decimals', () => {
    expect(distributionOf([80, 81], 1)).toEqual({
      count: 2,
      p10: 80.1,
      p25: 80.3,
      p50: 80.5,
      p75: 80.8,
      p90: 80.9,
      mean: 80.5,
    });
    expect(distributionOf([0.83, 0.91, 0.88], 3)?.mean).toBe(0.873);
  });
  it('a single value is every quantile; nothing is null', () => {
    expect(distributionOf([420], 0)).toEqual({
      count: 1,
      p10: 420,
      p25: 420,
      p50: 420,
      p75: 420,
      p90: 420,
      mean: 420,
    });
    expect(distributionOf([], 0)).toBeNull();
    expect(quantileOfSorted([], 0.5)).toBeNull();
  });
  it('gives the same from a histogram of the values', () => {
    const values = [7, 3, 3, 9, 1, 3, 7, 12, 12, 12, 0.5];
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect(rawDistributionOfCounts([...counts])).toEqual(rawDistributionOf(values));
    expect(rawDistributionOfCounts([[4, 0]])).toBeNull();
  });
  it('keeps duplicates and ignores input order', () => {
    expect(rawDistributionOf([3, 1, 3, 3])?.quantiles).toEqual([1.6, 2.5, 3, 3, 3]);
  });
});

describe('age bands', () => {
  it('band the age in the year of the day, edges included', () => {
    expect(ageBandOf(2008, '2025-12-31')).toBe('<18');
    expect(ageBandOf(2007, '2025-01-01')).toBe('18-29');
    expect(ageBandOf(1996, '2025-06-01')).toBe('18-29');
    expect(ageBandOf(1995, '2025-06-01')).toBe('30-44');
    expect(ageBandOf(1981, '2025-06-01')).toBe('30-44');
    expect(ageBandOf(1980, '2025-06-01')).toBe('45-64');
    expect(ageBandOf(1961, '2025-06-01')).toBe('45-64');
    expect(ageBandOf(1960, '2025-06-01')).toBe('65+');
    expect(ageBandOf(null, '2025-06-01')).toBe('unknown');
  });
});

describe('sleep day of a started night', () => {
  const at = (iso: string) => Date.parse(iso);
  it('is the sleep day once the end is known, else the start date, the next one from 19:00', () => {
    expect(sleepDayOfStarted(at('2025-03-03T23:00:00Z'), at('2025-03-04T07:00:00Z'), 'UTC')).toBe(
      '2025-03-04',
    );
    expect(sleepDayOfStarted(at('2025-03-03T23:00:00Z'), null, 'UTC')).toBe('2025-03-04');
    expect(sleepDayOfStarted(at('2025-03-04T01:00:00Z'), null, 'UTC')).toBe('2025-03-04');
    expect(sleepDayOfStarted(at('2025-03-04T14:00:00Z'), null, 'UTC')).toBe('2025-03-04');
    expect(sleepDayOfStarted(at('2025-03-04T14:00:00Z'), null, 'Asia/Seoul')).toBe('2025-03-05');
    expect(sleepDayOfStarted(at('2025-03-04T01:00:00Z'), null, 'UTC', 'noon-anchor')).toBe(
      '2025-03-03',
    );
  });
});
