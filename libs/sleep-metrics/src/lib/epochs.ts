/** Asleep scores sleep in 30-second epochs. */
export const EPOCH_SECONDS = 30;
export const EPOCH_MS = EPOCH_SECONDS * 1000;

/** Stage codes of Asleep's 4-stage plan; `-1` is "no data". */
export const Stage = { NoData: -1, Wake: 0, Light: 1, Deep: 2, Rem: 3 } as const;
export type StageValue = (typeof Stage)[keyof typeof Stage];
const WAKE = Stage.Wake;

/** One night as Asleep delivers it: one stage per epoch from `startMs`. */
export interface NightInput {
  readonly stages: readonly number[];
  /** 0/1 per epoch, same length as `stages`; absent means no snoring data (all 0). */
  readonly snoring?: readonly number[] | null;
  /** Session start and end, epoch milliseconds. */
  readonly startMs: number;
  readonly endMs: number;
}

/** Inclusive epoch indexes of sleep onset `f` and final awakening `l`. */
export interface SleepPeriod {
  readonly onset: number;
  readonly finalAwakening: number;
}

/**
 * `f` and `l` are the first and last epoch that is not wake. `-1` counts as "not wake" here, so a
 * no-data epoch can open or close the period (Asleep contract 7.6.2). Null when the night holds
 * nothing but wake: never slept (Asleep contract 7.6.3).
 */
export function findSleepPeriod(stages: readonly number[]): SleepPeriod | null {
  let onset = 0;
  while (onset < stages.length && stages[onset] === WAKE) onset++;
  if (onset === stages.length) return null;
  let finalAwakening = stages.length - 1;
  while (stages[finalAwakening] === WAKE) finalAwakening--;
  return { onset, finalAwakening };
}
