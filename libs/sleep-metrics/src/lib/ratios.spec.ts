import { periodRatios } from './ratios';
import { StageTotals } from './stage-totals';

const totals = (light: number, rem: number, deep: number, wake: number): StageTotals => ({
  light,
  rem,
  deep,
  wake,
  noData: 0,
  firstLight: null,
  firstDeep: null,
  firstRem: null,
});

describe('periodRatios nudging (Asleep contract 7.6.7)', () => {
  it('adds the missing 0.01 to light first', () => {
    expect(periodRatios(totals(1, 1, 1, 0))).toEqual({
      light: 34,
      rem: 33,
      deep: 33,
      wake: 0,
      sleep: 100,
    });
  });

  it('then to rem, and never to a stage that did not occur', () => {
    expect(periodRatios(totals(0, 1, 1, 1))).toEqual({
      light: 0,
      rem: 34,
      deep: 33,
      wake: 33,
      sleep: 67,
    });
  });

  it('then to deep, before wake', () => {
    // 1/201 -> 0.00 (skipped), 133/201 -> 0.66, 67/201 -> 0.33: 0.99
    expect(periodRatios(totals(1, 0, 133, 67))).toEqual({
      light: 0,
      rem: 0,
      deep: 67,
      wake: 33,
      sleep: 67,
    });
    // 1/500 -> 0.00 three times, 497/500 -> 0.99: only wake is left to take the 0.01
    expect(periodRatios(totals(1, 1, 1, 497))).toEqual({
      light: 0,
      rem: 0,
      deep: 0,
      wake: 100,
      sleep: 0,
    });
  });

  it('takes a surplus 0.01 from light first', () => {
    // 1/6 -> 0.17 three times, 3/6 -> 0.50: 1.01
    expect(periodRatios(totals(1, 1, 1, 3))).toEqual({
      light: 16,
      rem: 17,
      deep: 17,
      wake: 50,
      sleep: 50,
    });
  });

  it('takes a surplus from rem when light did not occur', () => {
    // 3/7 -> 0.43, 2/7 -> 0.29 twice: 1.01
    expect(periodRatios(totals(0, 3, 2, 2))).toEqual({
      light: 0,
      rem: 42,
      deep: 29,
      wake: 29,
      sleep: 71,
    });
  });

  it('settles on exact ties before nudging', () => {
    // 37/40 -> 0.92 (tie to even), 1/40 -> 0.02 three times: 0.98, light gets both 0.01s
    expect(periodRatios(totals(37, 1, 1, 1))).toEqual({
      light: 94,
      rem: 2,
      deep: 2,
      wake: 2,
      sleep: 98,
    });
  });

  it('skips a stage that occurred but rounds to 0', () => {
    // 1/201 -> 0.00; 67/201 -> 0.33 three times: 0.99, so rem gets the 0.01, not light
    expect(periodRatios(totals(1, 67, 67, 66))).toEqual({
      light: 0,
      rem: 34,
      deep: 33,
      wake: 33,
      sleep: 67,
    });
  });

  it('is all zero for an empty period', () => {
    expect(periodRatios(totals(0, 0, 0, 0))).toEqual({
      light: 0,
      rem: 0,
      deep: 0,
      wake: 0,
      sleep: 0,
    });
  });
});
