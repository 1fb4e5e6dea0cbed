import { NightInputError } from './validate-night';
import { computeNightStats } from './night-stats';
import { flagsAt, night, stages } from '../test/build-night';

const repeat = (char: string, count: number) => char.repeat(count);

describe('wake after the last sleep epoch (Asleep contract 7.6.1)', () => {
  it('is wakeup latency, never WASO', () => {
    const stats = computeNightStats(night(stages('wllwwlwww')));
    expect(stats).toMatchObject({
      sleepLatency: 30,
      wakeupLatency: 90,
      timeInWake: 60,
      wasoCount: 1,
      longestWaso: 60,
      timeInSleepPeriod: 150,
      timeInSleep: 90,
    });
  });
});

describe('-1 epochs (Asleep contract 7.6.2)', () => {
  it('can be the onset and the final awakening, and count in no stage', () => {
    const stats = computeNightStats(night(stages('wwnllnww')));
    expect(stats).toMatchObject({
      sleepLatency: 60,
      wakeupLatency: 60,
      timeInSleep: 60,
      timeInWake: 0,
      timeInNoData: 60,
      timeInSleepPeriod: 60,
      lightLatency: 30,
      lightRatio: 1,
      sleepRatio: 1,
      timeInBed: 240,
    });
    expect(stats.wakeTimeMs - stats.sleepTimeMs).toBe(120_000);
  });

  it('splits a wake run into two WASO runs', () => {
    expect(computeNightStats(night(stages('lwwnwl')))).toMatchObject({
      wasoCount: 2,
      longestWaso: 60,
      timeInWake: 90,
    });
  });

  it('counts as non-REM distance between REM epochs', () => {
    const r20 = repeat('r', 20);
    expect(
      computeNightStats(night(stages(`l${r20}${repeat('n', 20)}${r20}l`))).sleepCycleCount,
    ).toBe(1);
    expect(
      computeNightStats(night(stages(`l${r20}${repeat('n', 21)}${r20}l`))).sleepCycleCount,
    ).toBe(2);
  });

  it('carries no snoring and ends a snoring episode', () => {
    const stageList = stages('lllnlll');
    const stats = computeNightStats(night(stageList, flagsAt(7, [[1, 5]])));
    expect(stats).toMatchObject({ timeInSnoring: 120, snoringCount: 2, timeInNoSnoring: 60 });
  });

  it('a night of nothing but -1 has an empty period and zero ratios', () => {
    const stats = computeNightStats(night(stages('wnnw')));
    expect(stats).toMatchObject({
      neverSlept: false,
      timeInSleepPeriod: 0,
      timeInNoData: 60,
      sleepRatio: 0,
      wakeRatio: 0,
    });
  });
});

describe('never slept (Asleep contract 7.6.3)', () => {
  it('puts sleep time at the end of the timeline and wake time at the session end', () => {
    const input = { ...night(stages('wwww')), snoring: [1, 1, 0, 0] };
    input.endMs += 12_000;
    const stats = computeNightStats(input);
    expect(stats).toMatchObject({
      neverSlept: true,
      sleepLatency: 120,
      wakeupLatency: 0,
      timeInBed: 132,
      timeInSleepPeriod: 0,
      lightLatency: null,
      deepLatency: null,
      remLatency: null,
      sleepEfficiency: 0,
      wasoCount: 0,
      lightRatio: 0,
      sleepRatio: 0,
      snoringRatio: 0,
      noSnoringRatio: 0,
      timeInSnoring: 0,
      snoringCount: 0,
      sleepCycleCount: 0,
      sleepCycle: null,
      sleepCycleTimesMs: [],
    });
    expect(stats.sleepTimeMs).toBe(input.startMs + 120_000);
    expect(stats.wakeTimeMs).toBe(input.endMs);
  });

  it('rejects an empty timeline: a 0-29 s session is an error, not a night of zeros', () => {
    for (const endMs of [0, 1, 29_999]) {
      expect(() => computeNightStats({ stages: [], startMs: 0, endMs })).toThrow(NightInputError);
    }
  });
});

describe('efficiency ties (Asleep contract 7.6.6)', () => {
  it('rounds 0.025 to 0.02 and 0.925 to 0.92', () => {
    expect(computeNightStats(night(stages(`l${repeat('w', 39)}`))).sleepEfficiency).toBe(0.02);
    expect(computeNightStats(night(stages(`${repeat('l', 37)}www`))).sleepEfficiency).toBe(0.92);
  });
});
