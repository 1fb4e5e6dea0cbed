import type { Stat } from '@sleep/contracts';
import { computeNightStats, toAsleepStat } from '@sleep/sleep-metrics';
import type { Night } from './night';

export interface StatMismatch {
  /** A `stat` field, or `timeline` when the stages cannot be a night at all. */
  readonly field: string;
  readonly reported: unknown;
  readonly expected: unknown;
}

const INSTANT_FIELDS = new Set(['sleep_time', 'wake_time']);

const sameNumber = (a: unknown, b: unknown) =>
  a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-9);

const sameInstant = (a: string | null, b: string | null) =>
  a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b));

/** Asleep contract 7.6.3 and 7.6.4 accept null for some fields where the calculator gives a value. */
function agrees(field: keyof Stat, reported: Stat, expected: Stat, neverSlept: boolean): boolean {
  const a = reported[field];
  const b = expected[field];
  if (INSTANT_FIELDS.has(field))
    return (a === null && neverSlept) || sameInstant(a as string | null, b as string | null);
  if (field === 'sleep_cycle_time') {
    const left = (a as string[] | null) ?? [];
    const right = (b as string[] | null) ?? [];
    return left.length === right.length && left.every((value, i) => sameInstant(value, right[i]));
  }
  return sameNumber(a, b);
}

/** Epochs not received yet as 0; the timeline itself when it has none (no copy). */
const known = (values: readonly (number | null)[]): number[] =>
  (values.includes(null) || values.includes(undefined as never)
    ? values.map((v) => v ?? 0)
    : values) as number[];

/**
 * Asleep's stat checked against `libs/sleep-metrics` recomputing it from the stored timeline,
 * field by field and numerically (Asleep contract 7.6.9). Asleep stays authoritative: the caller
 * logs and counts a disagreement, it never rewrites the stat.
 */
export function checkStat(night: Night): StatMismatch[] {
  const reported = night.stat;
  const stages = night.sleepStages;
  if (reported === null || stages === null || night.endMs === null) return [];
  if (stages.some((stage) => stage === null))
    return [{ field: 'timeline', reported: 'gaps', expected: 'complete' }];
  let expected: Stat;
  let neverSlept: boolean;
  try {
    const stats = computeNightStats({
      stages: stages as number[],
      snoring: night.snoringStages?.length === stages.length ? known(night.snoringStages) : null,
      startMs: night.startMs,
      endMs: night.endMs,
    });
    neverSlept = stats.neverSlept;
    expected = toAsleepStat(stats, {
      timezone: 'UTC',
      sleepIndex: reported.sleep_index,
      timeInStableBreath: reported.time_in_stable_breath,
      timeInUnstableBreath: reported.time_in_unstable_breath,
      stableBreathRatio: reported.stable_breath_ratio,
      unstableBreathRatio: reported.unstable_breath_ratio,
      breathingIndex: reported.breathing_index,
      breathingPattern: reported.breathing_pattern,
      unstableBreathCount: reported.unstable_breath_count,
    });
  } catch (error) {
    return [{ field: 'timeline', reported: stages.length, expected: (error as Error).message }];
  }
  return (Object.keys(expected) as (keyof Stat)[])
    .filter((field) => !agrees(field, reported, expected, neverSlept))
    .map((field) => ({ field, reported: reported[field], expected: expected[field] }));
}
