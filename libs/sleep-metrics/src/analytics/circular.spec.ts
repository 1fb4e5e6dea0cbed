import {
  circularDifferenceSeconds,
  circularDistanceSeconds,
  circularMeanSeconds,
} from './circular';
import { divHalfEven, roundHalfAwayFromZero } from './exact-rounding';

const h = (hours: number) => hours * 3600;

describe('circular mean of times of day', () => {
  it('23:30 and 00:30 average to 00:00, never 12:00', () => {
    const mean = circularMeanSeconds([h(23.5), h(0.5)]) as number;
    expect(Math.min(mean, 86_400 - mean)).toBeLessThan(1e-6);
  });
  it('22:00 and 02:00 average to 00:00; 01:00 and 03:00 to 02:00', () => {
    expect(Math.round(circularMeanSeconds([h(22), h(2)]) as number) % 86_400).toBe(0);
    expect(circularMeanSeconds([h(1), h(3)])).toBeCloseTo(h(2), 6);
  });
  it('is null when the vectors cancel or there is nothing', () => {
    expect(circularMeanSeconds([h(6), h(18)])).toBeNull();
    expect(circularMeanSeconds([h(0), h(8), h(16)])).toBeNull();
    expect(circularMeanSeconds([])).toBeNull();
  });
  it('measures distances around the clock', () => {
    expect(circularDistanceSeconds(h(23), h(1))).toBe(h(2));
    expect(circularDistanceSeconds(h(1), h(13))).toBe(h(12));
    expect(circularDifferenceSeconds(h(1), h(23))).toBe(h(2));
    expect(circularDifferenceSeconds(h(23), h(1))).toBe(-h(2));
  });
});

describe('exact rounding', () => {
  it('half to even on exact fractions, negative too', () => {
    expect([divHalfEven(5, 2), divHalfEven(7, 2), divHalfEven(-5, 2), divHalfEven(-7, 2)]).toEqual([
      2, 4, -2, -4,
    ]);
    expect(divHalfEven(10, 3)).toBe(3);
    expect(divHalfEven(11, 3)).toBe(4);
  });
  it('half away from zero with float noise snapped', () => {
    expect(roundHalfAwayFromZero(89.5)).toBe(90);
    expect(roundHalfAwayFromZero(-89.5)).toBe(-90);
    expect(roundHalfAwayFromZero(0.35 * 100 + 54.5)).toBe(90);
    expect(roundHalfAwayFromZero(1.25, 1)).toBe(1.3);
    expect(roundHalfAwayFromZero(1.05, 1)).toBe(1.1);
  });
});
