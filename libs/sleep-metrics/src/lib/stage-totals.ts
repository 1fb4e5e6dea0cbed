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

/**
 * Wake outside `[f, l]` is sleep or wakeup latency, never WASO (Asleep contract 7.6.1); `-1`
 * counts in no stage (Asleep contract 7.6.2) but is tallied as `noData` to keep the identities exact.
 */
export function countStages(stages: readonly number[], period: SleepPeriod | null): StageTotals {
  const totals = { light: 0, deep: 0, rem: 0, wake: 0, noData: 0 };
  const first: Record<number, number | null> = {
    [Stage.Light]: null,
    [Stage.Deep]: null,
    [Stage.Rem]: null,
  };
  if (period) {
    for (let i = period.onset; i <= period.finalAwakening; i++) {
      const stage = stages[i];
      if (stage === Stage.Wake) totals.wake++;
      else if (stage === Stage.NoData) totals.noData++;
      else {
        if (stage === Stage.Light) totals.light++;
        else if (stage === Stage.Deep) totals.deep++;
        else totals.rem++;
        first[stage] ??= i;
      }
    }
  }
  return {
    ...totals,
    firstLight: first[Stage.Light],
    firstDeep: first[Stage.Deep],
    firstRem: first[Stage.Rem],
  };
}
