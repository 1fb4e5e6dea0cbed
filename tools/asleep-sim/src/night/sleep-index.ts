import type { NightStats } from '@sleep/sleep-metrics';
import { randInt, Rng } from '../random/prng';

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * `sleep_index` is a model output (Asleep contract S1); a skill claims 50..100. A plausible
 * stand-in: better efficiency, enough deep and REM sleep and fewer awakenings score higher.
 */
export function plausibleSleepIndex(stats: NightStats, rng: Rng): number {
  if (stats.neverSlept) return 50;
  const quality =
    0.6 * stats.sleepEfficiency +
    0.2 * Math.min(1, stats.deepRatio / 0.2) +
    0.2 * Math.min(1, stats.remRatio / 0.22);
  const score = 30 + 60 * quality - 2.5 * Math.min(stats.wasoCount, 6) + randInt(rng, -5, 5);
  return clamp(Math.round(score), 50, 100);
}
