import fc from 'fast-check';
import { scoreFromInputs, ScoreInputs } from './sleep-score';

const H = 3600;
const inputsArb: fc.Arbitrary<ScoreInputs> = fc.record({
  timeInSleep: fc.integer({ min: 0, max: 16 * H }),
  ageYears: fc.option(fc.integer({ min: 6, max: 100 }), { nil: null }),
  efficiency: fc.double({ min: 0, max: 1, noNaN: true }),
  sleepLatency: fc.integer({ min: 0, max: 4 * H }),
  waso: fc.integer({ min: 0, max: 5 * H }),
  longAwakenings: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
  timingDistance: fc.option(fc.integer({ min: 0, max: 12 * H }), { nil: null }),
  previousMainSleeps: fc.integer({ min: 0, max: 14 }),
  restorationShare: fc.double({ min: 0, max: 1, noNaN: true }),
});
const score = (inputs: ScoreInputs) => scoreFromInputs(inputs).score as number;
const RUNS = { numRuns: 500 };

describe('sleep score properties', () => {
  it('is a whole number in 0..100, and so is every sub-score', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const s = scoreFromInputs(inputs);
        expect(Number.isInteger(s.score)).toBe(true);
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(100);
        for (const c of s.contributors) {
          expect(c.subScore).toBeGreaterThanOrEqual(0);
          expect(c.subScore).toBeLessThanOrEqual(100);
        }
      }),
      RUNS,
    );
  });

  /** Each input moved in its "better" direction never lowers the score. */
  const better: Array<[string, (i: ScoreInputs, d: number) => ScoreInputs]> = [
    ['higher efficiency', (i, d) => ({ ...i, efficiency: Math.min(1, i.efficiency + d / 1000) })],
    ['shorter latency', (i, d) => ({ ...i, sleepLatency: Math.max(0, i.sleepLatency - d * 10) })],
    ['less WASO', (i, d) => ({ ...i, waso: Math.max(0, i.waso - d * 10) })],
    [
      'fewer long awakenings',
      (i, d) => ({
        ...i,
        longAwakenings: i.longAwakenings === null ? null : Math.max(0, i.longAwakenings - (d % 3)),
      }),
    ],
    [
      'closer timing',
      (i, d) => ({
        ...i,
        timingDistance: i.timingDistance === null ? null : Math.max(0, i.timingDistance - d * 10),
      }),
    ],
    [
      'more restoration',
      (i, d) => ({ ...i, restorationShare: Math.min(1, i.restorationShare + d / 1000) }),
    ],
    [
      'duration toward the range',
      (i, d) => {
        const lo = i.ageYears !== null && i.ageYears < 18 ? (i.ageYears < 14 ? 9 : 8) * H : 7 * H;
        return {
          ...i,
          timeInSleep: i.timeInSleep < lo ? Math.min(lo, i.timeInSleep + d * 10) : i.timeInSleep,
        };
      },
    ],
    [
      'duration down toward the range from above',
      (i, d) => {
        const hi =
          i.ageYears === null
            ? 9 * H
            : i.ageYears >= 65
              ? 8 * H
              : i.ageYears >= 18
                ? 9 * H
                : i.ageYears >= 14
                  ? 10 * H
                  : 11 * H;
        return {
          ...i,
          timeInSleep: i.timeInSleep > hi ? Math.max(hi, i.timeInSleep - d * 10) : i.timeInSleep,
        };
      },
    ],
  ];
  it.each(better)('is monotone: %s never lowers it', (_name, improve) => {
    fc.assert(
      fc.property(inputsArb, fc.integer({ min: 1, max: 1000 }), (inputs, d) => {
        expect(score(improve(inputs, d))).toBeGreaterThanOrEqual(score(inputs));
      }),
      RUNS,
    );
  });

  it('a night inside every good threshold scores >= 90', () => {
    const goodArb = fc.record({
      ageYears: fc.option(fc.integer({ min: 18, max: 64 }), { nil: null }),
      timeInSleep: fc.integer({ min: 7 * H, max: 9 * H }),
      efficiency: fc.double({ min: 0.85, max: 1, noNaN: true }),
      sleepLatency: fc.integer({ min: 0, max: 1800 }),
      waso: fc.integer({ min: 0, max: 1200 }),
      longAwakenings: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null }),
      timingDistance: fc.option(fc.integer({ min: 0, max: 1800 }), { nil: null }),
      previousMainSleeps: fc.integer({ min: 0, max: 14 }),
      restorationShare: fc.double({ min: 0.4, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(goodArb, (inputs) => {
        expect(score(inputs)).toBeGreaterThanOrEqual(90);
      }),
      RUNS,
    );
  });
});
