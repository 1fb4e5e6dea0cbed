import { computeNightStats } from './night-stats';
import { night, stages } from '../test/build-night';

const repeat = (char: string, count: number) => char.repeat(count);

describe('sleep cycles (Asleep contract 7.6.4, 7.6.5)', () => {
  it('has no cycle without a REM cluster of 20 epochs', () => {
    const stats = computeNightStats(night(stages(`w${repeat('l', 30)}${repeat('r', 19)}l`)));
    expect(stats).toMatchObject({
      sleepCycleCount: 0,
      sleepCycle: null,
      sleepCycleTimesMs: [],
      remLatency: 900,
    });
  });

  it('keeps a cluster of exactly 20 REM epochs', () => {
    const stats = computeNightStats(night(stages(`w${repeat('l', 30)}${repeat('r', 20)}l`)));
    expect(stats.sleepCycleCount).toBe(1);
    // Onset at 1, REM 31-50: the cycle ends at the last REM epoch, 49 epochs after onset.
    expect(stats.sleepCycle).toBe(49 * 30);
    expect(stats.sleepCycleTimesMs).toEqual([stats.sleepTimeMs, stats.sleepTimeMs + 49 * 30_000]);
  });

  it('rounds the mean cycle half up', () => {
    const block = `${repeat('r', 20)}${repeat('l', 21)}`;
    // Cluster ends at 20, 61, 102, 143 from onset 0: mean 143 * 30 / 4 = 1072.5 -> 1073
    const stats = computeNightStats(night(stages(`l${block.repeat(4)}`)));
    expect(stats.sleepCycleCount).toBe(4);
    expect(stats.sleepCycle).toBe(1073);
    expect(stats.sleepCycleTimesMs.map((ms) => (ms - stats.sleepTimeMs) / 1000)).toEqual([
      0, 600, 1830, 3060, 4290,
    ]);
  });
});
