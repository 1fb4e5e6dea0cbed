import { SleepPeriod, Stage } from './epochs';

const NO_DATA = Stage.NoData;

export interface Snoring {
  /** Snoring epochs inside the sleep period. */
  readonly epochs: number;
  /** Episodes: maximal runs of snoring epochs inside the sleep period. */
  readonly count: number;
}

/**
 * Snoring counts only inside `[f, l]` and only on scored epochs, so `time_in_snoring +
 * time_in_no_snoring == time_in_sleep_period` holds. A `-1` epoch carries no data: its flag is
 * ignored and it ends an episode, like it ends a WASO run (Asleep contract 7.6.2).
 */
export function measureSnoring(
  stages: readonly number[],
  snoring: readonly number[] | null | undefined,
  period: SleepPeriod | null,
): Snoring {
  let epochs = 0;
  let count = 0;
  let inRun = false;
  if (period && snoring) {
    for (let i = period.onset; i <= period.finalAwakening; i++) {
      const snores = snoring[i] === 1 && stages[i] !== NO_DATA;
      if (snores) {
        epochs++;
        if (!inRun) count++;
      }
      inRun = snores;
    }
  }
  return { epochs, count };
}
