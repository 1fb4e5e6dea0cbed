import { SleepPeriod, Stage } from './epochs';

const WAKE = Stage.Wake;

/** Wake after sleep onset, in epochs. */
export interface Waso {
  readonly count: number;
  readonly longestEpochs: number;
}

/**
 * Maximal runs of wake inside `[f, l]` only (Asleep contract 7.6.1). A `-1` epoch ends a run, so
 * wake on both sides of it counts as two runs (Asleep contract 7.6.2).
 */
export function measureWaso(stages: readonly number[], period: SleepPeriod | null): Waso {
  let count = 0;
  let longestEpochs = 0;
  let run = 0;
  if (period) {
    for (let i = period.onset; i <= period.finalAwakening; i++) {
      if (stages[i] === WAKE) {
        if (run === 0) count++;
        run++;
        longestEpochs = Math.max(longestEpochs, run);
      } else {
        run = 0;
      }
    }
  }
  return { count, longestEpochs };
}
