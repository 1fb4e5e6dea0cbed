import { hundredthsHalfEven } from './rounding';
import { StageTotals } from './stage-totals';

/** Shares of the sleep period, in integer hundredths. */
export interface PeriodRatios {
  readonly wake: number;
  readonly light: number;
  readonly deep: number;
  readonly rem: number;
  readonly sleep: number;
}

type StageKey = 'light' | 'rem' | 'deep' | 'wake';

/** The order in which rounding leftovers are settled (Asleep contract 7.6.7). */
const NUDGE_ORDER: readonly StageKey[] = ['light', 'rem', 'deep', 'wake'];

const EMPTY: PeriodRatios = { wake: 0, light: 0, deep: 0, rem: 0, sleep: 0 };

/**
 * Each stage over the sleep period (sleep + wake epochs, `-1` excluded), rounded, then nudged by
 * 0.01 until the four sum to exactly 1.00. Only a ratio that is not 0 is nudged, so a stage that
 * never occurred never gets 0.01 (Asleep contract 7.6.7). `sleep` is `1 - wake` by definition.
 * An empty period (never slept, or only `-1` inside it) has no shares: everything is 0.
 */
export function periodRatios(totals: StageTotals): PeriodRatios {
  const period = totals.light + totals.deep + totals.rem + totals.wake;
  if (period === 0) return EMPTY;
  const ratios: Record<StageKey, number> = {
    light: hundredthsHalfEven(totals.light, period),
    rem: hundredthsHalfEven(totals.rem, period),
    deep: hundredthsHalfEven(totals.deep, period),
    wake: hundredthsHalfEven(totals.wake, period),
  };
  let sum = ratios.light + ratios.rem + ratios.deep + ratios.wake;
  while (sum !== 100) {
    const step = sum < 100 ? 1 : -1;
    // The largest share rounds to at least 25, so a non-zero candidate always exists.
    const key = NUDGE_ORDER.find((candidate) => ratios[candidate] !== 0) as StageKey;
    ratios[key] += step;
    sum += step;
  }
  return { ...ratios, sleep: 100 - ratios.wake };
}

/** Time asleep over time in bed, in hundredths; 0 for a zero-length session. */
export function efficiencyHundredths(timeInSleep: number, timeInBed: number): number {
  return timeInBed === 0 ? 0 : hundredthsHalfEven(timeInSleep, timeInBed);
}
