import fc from 'fast-check';
import { computeNightStats } from './night-stats';
import { EPOCH_MS } from './epochs';
import { hundredths, nightArb, RUNS } from '../test/night-arbitrary';

describe('computeNightStats properties', () => {
  it('splits the timeline exactly: latency + period + no-data + wakeup == 30 x epochs <= time in bed', () => {
    fc.assert(
      fc.property(nightArb, (input) => {
        const s = computeNightStats(input);
        const epochsSeconds = input.stages.length * 30;
        expect(s.sleepLatency + s.timeInSleepPeriod + s.timeInNoData + s.wakeupLatency).toBe(
          epochsSeconds,
        );
        expect(s.timeInBed - epochsSeconds).toBeGreaterThanOrEqual(0);
        expect(s.timeInBed - epochsSeconds).toBeLessThan(30);
        expect(s.sleepTimeMs).toBe(input.startMs + s.sleepLatency * 1000);
        expect(s.wakeTimeMs).toBe(input.endMs - s.wakeupLatency * 1000);
        const tailMs = input.endMs - input.startMs - input.stages.length * EPOCH_MS;
        expect(s.wakeTimeMs - s.sleepTimeMs).toBe(
          (s.timeInSleepPeriod + s.timeInNoData) * 1000 + tailMs,
        );
      }),
      RUNS,
    );
  });

  it('period == sleep + wake, sleep == light + deep + rem, snoring + no snoring == period', () => {
    fc.assert(
      fc.property(nightArb, (input) => {
        const s = computeNightStats(input);
        expect(s.timeInSleep + s.timeInWake).toBe(s.timeInSleepPeriod);
        expect(s.timeInLight + s.timeInDeep + s.timeInRem).toBe(s.timeInSleep);
        expect(s.timeInSnoring + s.timeInNoSnoring).toBe(s.timeInSleepPeriod);
        expect(s.timeInNoSnoring).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('stage ratios lie in [0, 1], sum to exactly 1.00 and stay 0 for an absent stage', () => {
    fc.assert(
      fc.property(nightArb, (input) => {
        const s = computeNightStats(input);
        const ratios = [s.wakeRatio, s.lightRatio, s.deepRatio, s.remRatio];
        for (const ratio of [
          ...ratios,
          s.sleepRatio,
          s.sleepEfficiency,
          s.snoringRatio,
          s.noSnoringRatio,
        ]) {
          expect(ratio).toBeGreaterThanOrEqual(0);
          expect(ratio).toBeLessThanOrEqual(1);
          expect(ratio).toBe(hundredths(ratio) / 100);
        }
        const sum = ratios.map(hundredths).reduce((a, b) => a + b, 0);
        const durations = [s.timeInWake, s.timeInLight, s.timeInDeep, s.timeInRem];
        expect(sum).toBe(s.timeInSleepPeriod > 0 ? 100 : 0);
        durations.forEach((duration, i) => {
          if (duration === 0) expect(ratios[i]).toBe(0);
          else
            expect(Math.abs(ratios[i] - duration / s.timeInSleepPeriod)).toBeLessThanOrEqual(0.025);
        });
      }),
      RUNS,
    );
  });

  it('sleep ratio == 1 - wake ratio and snoring ratios complement, on a non-empty period', () => {
    fc.assert(
      fc.property(nightArb, (input) => {
        const s = computeNightStats(input);
        fc.pre(s.timeInSleepPeriod > 0);
        expect(hundredths(s.sleepRatio)).toBe(100 - hundredths(s.wakeRatio));
        expect(hundredths(s.noSnoringRatio)).toBe(100 - hundredths(s.snoringRatio));
      }),
      RUNS,
    );
  });

  it('WASO runs never outnumber wake epochs in the period', () => {
    fc.assert(
      fc.property(nightArb, (input) => {
        const s = computeNightStats(input);
        expect(s.wasoCount).toBeLessThanOrEqual(s.timeInWake / 30);
        expect(s.longestWaso).toBeLessThanOrEqual(s.timeInWake);
        expect(s.wasoCount === 0).toBe(s.timeInWake === 0);
        expect(s.sleepCycleTimesMs).toHaveLength(
          s.sleepCycleCount === 0 ? 0 : s.sleepCycleCount + 1,
        );
        expect(s.snoringCount).toBeLessThanOrEqual(s.timeInSnoring / 30);
      }),
      RUNS,
    );
  });
});
