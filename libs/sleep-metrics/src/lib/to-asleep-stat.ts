import type { Stat } from '@sleep/contracts';
import { formatInstant } from './format-instant';
import { NightStats } from './night-stats';

/** Breathing-stability results; they need Asleep's model, so they are given, not derived. */
export interface BreathStats {
  readonly timeInStableBreath: number | null;
  readonly timeInUnstableBreath: number | null;
  readonly stableBreathRatio: number | null;
  readonly unstableBreathRatio: number | null;
  readonly breathingIndex: number | null;
  readonly breathingPattern: string | null;
  readonly unstableBreathCount: number | null;
}

export interface AsleepStatOptions extends Partial<BreathStats> {
  /**
   * IANA zone the datetimes are rendered in, like Asleep's `timezone` header; UTC when omitted,
   * as Asleep defaults it (never the zone of the process).
   */
  readonly timezone?: string;
  /** Model output: cannot be derived from the stages. */
  readonly sleepIndex: number;
}

/** Asleep's `stat` object, field for field and in Asleep's order; breath fields null unless given. */
export function toAsleepStat(stats: NightStats, options: AsleepStatOptions): Stat {
  const timezone = options.timezone ?? 'UTC';
  const at = (ms: number) => formatInstant(ms, timezone);
  return {
    sleep_time: at(stats.sleepTimeMs),
    wake_time: at(stats.wakeTimeMs),
    sleep_index: options.sleepIndex,
    sleep_latency: stats.sleepLatency,
    wakeup_latency: stats.wakeupLatency,
    light_latency: stats.lightLatency,
    deep_latency: stats.deepLatency,
    rem_latency: stats.remLatency,
    time_in_bed: stats.timeInBed,
    time_in_sleep_period: stats.timeInSleepPeriod,
    time_in_sleep: stats.timeInSleep,
    time_in_wake: stats.timeInWake,
    time_in_light: stats.timeInLight,
    time_in_deep: stats.timeInDeep,
    time_in_rem: stats.timeInRem,
    time_in_stable_breath: options.timeInStableBreath ?? null,
    time_in_unstable_breath: options.timeInUnstableBreath ?? null,
    time_in_snoring: stats.timeInSnoring,
    time_in_no_snoring: stats.timeInNoSnoring,
    sleep_efficiency: stats.sleepEfficiency,
    sleep_ratio: stats.sleepRatio,
    wake_ratio: stats.wakeRatio,
    light_ratio: stats.lightRatio,
    deep_ratio: stats.deepRatio,
    rem_ratio: stats.remRatio,
    stable_breath_ratio: options.stableBreathRatio ?? null,
    unstable_breath_ratio: options.unstableBreathRatio ?? null,
    snoring_ratio: stats.snoringRatio,
    no_snoring_ratio: stats.noSnoringRatio,
    breathing_index: options.breathingIndex ?? null,
    breathing_pattern: options.breathingPattern ?? null,
    waso_count: stats.wasoCount,
    longest_waso: stats.longestWaso,
    sleep_cycle_count: stats.sleepCycleCount,
    sleep_cycle: stats.sleepCycle,
    sleep_cycle_time: stats.sleepCycleTimesMs.map(at),
    unstable_breath_count: options.unstableBreathCount ?? null,
    snoring_count: stats.snoringCount,
  };
}
