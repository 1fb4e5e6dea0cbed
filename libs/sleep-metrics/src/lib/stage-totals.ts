import { SleepPeriod, Stage } from './epochs';

/** Epoch counts; `wake` and `noData` only count inside the sleep period. */
export interface StageTotals {
  readonly light: number;
  readonly deep: number;
  readonly rem: number;
  readonly wake: number;
  readonly noData: number;
  /** Epoch index of the first occurrence of each stage, null if it never occurs. */
  readonly firstLight: number | null;
  readonly firstDeep: number | null;
  readonly firstRem: number | null;
}

// Read once: the stage codes are module bindings, a property read per epoch in the loop otherwise.
const { Wake: WAKE, NoData: NO_DATA, Light: LIGHT, Deep: DEEP, Rem: REM } = Stage;

/**
 * Wake outside `[f, l]` is sleep or wakeup latency, never WASO (Asleep contract 7.6.1); `-1`
 * counts in no stage (Asleep contract 7.6.2) but is tallied as `noData` to keep the identities exact.
 */
export function countStages(stages: readonly number[], period: SleepPeriod | null): StageTotals {
  let light = 0;
  let deep = 0;
  let rem = 0;
  let wake = 0;
  let noData = 0;
  let firstLight: number | null = null;
  let firstDeep: number | null = null;
  let firstRem: number | null = null;
  if (period) {
    for (let i = period.onset; i <= period.finalAwakening; i++) {
      const stage = stages[i];
      if (stage === WAKE) wake++;
      else if (stage === NO_DATA) noData++;
      else if (stage === LIGHT) {
        light++;
        firstLight ??= i;
      } else if (stage === DEEP) {
        deep++;
        firstDeep ??= i;
      } else {
        rem++;
        if (stage === REM) firstRem ??= i;
      }
    }
  }
  return { light, deep, rem, wake, noData, firstLight, firstDeep, firstRem };
}
