import { z } from 'zod';

/** ISO-8601 with an offset (`+09:00`, `+00:00` or `Z`), as Asleep renders every datetime. */
const dateTime = z.iso.datetime({ offset: true });
/** Whole seconds or a count: never negative. */
const count = z.int().min(0);
/** A share of a duration, rounded by Asleep to 2 dp. */
const ratio = z.number().min(0).max(1);

/**
 * Asleep's per-session `stat` object (Get-Session v3 and SESSION_COMPLETE), fields in the
 * order of Asleep's doc example. Unknown extra fields are stripped, types are strict.
 */
export const StatSchema = z.object({
  /** Null is accepted for a never-slept session (Asleep contract 7.6.3). */
  sleep_time: dateTime.nullable(),
  wake_time: dateTime.nullable(),
  /** Model output, not derivable from the stages. */
  sleep_index: z.number(),
  sleep_latency: count,
  wakeup_latency: count,
  /** Measured from sleep onset; null when the stage never occurs. */
  light_latency: count.nullable(),
  deep_latency: count.nullable(),
  rem_latency: count.nullable(),
  time_in_bed: count,
  time_in_sleep_period: count,
  time_in_sleep: count,
  time_in_wake: count,
  time_in_light: count,
  time_in_deep: count,
  time_in_rem: count,
  /** Null when breathing-stability analysis is not in the contract. */
  time_in_stable_breath: count.nullable(),
  time_in_unstable_breath: count.nullable(),
  time_in_snoring: count,
  time_in_no_snoring: count,
  /** A ratio in [0, 1], not a percentage. */
  sleep_efficiency: ratio,
  sleep_ratio: ratio,
  wake_ratio: ratio,
  light_ratio: ratio,
  deep_ratio: ratio,
  rem_ratio: ratio,
  stable_breath_ratio: ratio.nullable(),
  unstable_breath_ratio: ratio.nullable(),
  snoring_ratio: ratio,
  no_snoring_ratio: ratio,
  /** Semantics undocumented by Asleep, so no range is enforced. */
  breathing_index: z.number().nullable(),
  breathing_pattern: z.string().nullable(),
  waso_count: count,
  longest_waso: count,
  sleep_cycle_count: count,
  /** Mean cycle length in seconds; null without a REM cluster. */
  sleep_cycle: count.nullable(),
  /** Sleep onset, then the end of each REM cluster; `[]` or null without one (Asleep contract 7.6.4). */
  sleep_cycle_time: z.array(dateTime).nullable(),
  unstable_breath_count: count.nullable(),
  snoring_count: count,
});
export type Stat = z.infer<typeof StatSchema>;
