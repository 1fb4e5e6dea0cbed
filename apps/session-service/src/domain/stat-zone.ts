import type { Stat } from '@sleep/contracts';
import { formatInstant } from '@sleep/sleep-metrics';

/**
 * The same stat with its datetimes rendered in `timeZone`, as Asleep's `timezone` header does, in
 * Asleep's field order (`StatSchema`'s) whatever order the stored JSON came back in. One object
 * literal: a spread then reordered through entries cost a completed night three copies, and an
 * object filled field by field in a loop is a dictionary, slower to serialise.
 */
export function rezoneStat(stat: Stat, timeZone: string): Stat {
  const at = (value: string) => formatInstant(Date.parse(value), timeZone);
  return {
    sleep_time: stat.sleep_time === null ? null : at(stat.sleep_time),
    wake_time: stat.wake_time === null ? null : at(stat.wake_time),
    sleep_index: stat.sleep_index,
    sleep_latency: stat.sleep_latency,
    wakeup_latency: stat.wakeup_latency,
    light_latency: stat.light_latency,
    deep_latency: stat.deep_latency,
    rem_latency: stat.rem_latency,
    time_in_bed: stat.time_in_bed,
    time_in_sleep_period: stat.time_in_sleep_period,
    time_in_sleep: stat.time_in_sleep,
    time_in_wake: stat.time_in_wake,
    time_in_light: stat.time_in_light,
    time_in_deep: stat.time_in_deep,
    time_in_rem: stat.time_in_rem,
    time_in_stable_breath: stat.time_in_stable_breath,
    time_in_unstable_breath: stat.time_in_unstable_breath,
    time_in_snoring: stat.time_in_snoring,
    time_in_no_snoring: stat.time_in_no_snoring,
    sleep_efficiency: stat.sleep_efficiency,
    sleep_ratio: stat.sleep_ratio,
    wake_ratio: stat.wake_ratio,
    light_ratio: stat.light_ratio,
    deep_ratio: stat.deep_ratio,
    rem_ratio: stat.rem_ratio,
    stable_breath_ratio: stat.stable_breath_ratio,
    unstable_breath_ratio: stat.unstable_breath_ratio,
    snoring_ratio: stat.snoring_ratio,
    no_snoring_ratio: stat.no_snoring_ratio,
    breathing_index: stat.breathing_index,
    breathing_pattern: stat.breathing_pattern,
    waso_count: stat.waso_count,
    longest_waso: stat.longest_waso,
    sleep_cycle_count: stat.sleep_cycle_count,
    sleep_cycle: stat.sleep_cycle,
    sleep_cycle_time: stat.sleep_cycle_time === null ? null : stat.sleep_cycle_time.map(at),
    unstable_breath_count: stat.unstable_breath_count,
    snoring_count: stat.snoring_count,
  };
}
