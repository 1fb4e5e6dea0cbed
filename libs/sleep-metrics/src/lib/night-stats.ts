import { findSleepCycles } from './cycles';
import { EPOCH_SECONDS, findSleepPeriod, NightInput } from './epochs';
import { efficiencyHundredths, periodRatios } from './ratios';
import { fromHundredths, hundredthsHalfEven } from './rounding';
import { measureSnoring } from './snoring';
import { countStages } from './stage-totals';
import { validateNight } from './validate-night';
import { measureWaso } from './waso';

/**
 * Every per-session stat Asleep derives from the stage timeline (Asleep contract 7.5), independent
 * of any timezone: instants are epoch milliseconds, durations whole seconds, ratios 2 dp.
 */
export interface NightStats {
  readonly startMs: number;
  readonly endMs: number;
  readonly epochCount: number;
  /** No epoch other than wake (Asleep contract 7.6.3). */
  readonly neverSlept: boolean;
  readonly sleepTimeMs: number;
  readonly wakeTimeMs: number;
  readonly sleepLatency: number;
  readonly wakeupLatency: number;
  readonly lightLatency: number | null;
  readonly deepLatency: number | null;
  readonly remLatency: number | null;
  readonly timeInBed: number;
  readonly timeInSleepPeriod: number;
  readonly timeInSleep: number;
  readonly timeInWake: number;
  readonly timeInLight: number;
  readonly timeInDeep: number;
  readonly timeInRem: number;
  /** `-1` epochs inside the sleep period: the gap between the period and `wake - sleep` time. */
  readonly timeInNoData: number;
  readonly timeInSnoring: number;
  readonly timeInNoSnoring: number;
  readonly sleepEfficiency: number;
  readonly sleepRatio: number;
  readonly wakeRatio: number;
  readonly lightRatio: number;
  readonly deepRatio: number;
  readonly remRatio: number;
  readonly snoringRatio: number;
  readonly noSnoringRatio: number;
  readonly wasoCount: number;
  readonly longestWaso: number;
  readonly sleepCycleCount: number;
  readonly sleepCycle: number | null;
  readonly sleepCycleTimesMs: readonly number[];
  readonly snoringCount: number;
}

/** Throws `NightInputError` on input that cannot be a night (Asleep contract 7.6.8). */
export function computeNightStats(input: NightInput): NightStats {
  validateNight(input);
  const { stages, snoring, startMs, endMs } = input;
  const epochCount = stages.length;
  const period = findSleepPeriod(stages);
  const totals = countStages(stages, period);
  const ratios = periodRatios(totals);
  const waso = measureWaso(stages, period);
  const cycles = findSleepCycles(stages, period);
  const snore = measureSnoring(stages, snoring, period);
  const seconds = (epochs: number) => epochs * EPOCH_SECONDS;
  const fromOnset = (index: number | null) =>
    index === null || period === null ? null : seconds(index - period.onset);

  // Never slept: onset is the end of the timeline and the wake time is the session end
  // (Asleep contract 7.6.3).
  const sleepLatency = seconds(period ? period.onset : epochCount);
  const wakeupLatency = period ? seconds(epochCount - 1 - period.finalAwakening) : 0;
  const sleepTimeMs = startMs + sleepLatency * 1000;
  const timeInSleep = seconds(totals.light + totals.deep + totals.rem);
  const timeInWake = seconds(totals.wake);
  const timeInSleepPeriod = timeInSleep + timeInWake;
  const timeInBed = Math.floor((endMs - startMs) / 1000);
  const timeInSnoring = seconds(snore.epochs);
  const snoringHundredths =
    timeInSleepPeriod === 0 ? 0 : hundredthsHalfEven(timeInSnoring, timeInSleepPeriod);

  return {
    startMs,
    endMs,
    epochCount,
    neverSlept: period === null,
    sleepTimeMs,
    wakeTimeMs: endMs - wakeupLatency * 1000,
    sleepLatency,
    wakeupLatency,
    lightLatency: fromOnset(totals.firstLight),
    deepLatency: fromOnset(totals.firstDeep),
    remLatency: fromOnset(totals.firstRem),
    timeInBed,
    timeInSleepPeriod,
    timeInSleep,
    timeInWake,
    timeInLight: seconds(totals.light),
    timeInDeep: seconds(totals.deep),
    timeInRem: seconds(totals.rem),
    timeInNoData: seconds(totals.noData),
    timeInSnoring,
    timeInNoSnoring: timeInSleepPeriod - timeInSnoring,
    sleepEfficiency: fromHundredths(efficiencyHundredths(timeInSleep, timeInBed)),
    sleepRatio: fromHundredths(ratios.sleep),
    wakeRatio: fromHundredths(ratios.wake),
    lightRatio: fromHundredths(ratios.light),
    deepRatio: fromHundredths(ratios.deep),
    remRatio: fromHundredths(ratios.rem),
    // Complementary halves of one split: independent half-even rounding would agree anyway.
    snoringRatio: fromHundredths(snoringHundredths),
    noSnoringRatio: fromHundredths(timeInSleepPeriod === 0 ? 0 : 100 - snoringHundredths),
    wasoCount: waso.count,
    longestWaso: seconds(waso.longestEpochs),
    sleepCycleCount: cycles.count,
    sleepCycle: cycles.meanSeconds,
    sleepCycleTimesMs: cycles.boundaryOffsets.map((offset) => sleepTimeMs + offset * 1000),
    snoringCount: snore.count,
  };
}
