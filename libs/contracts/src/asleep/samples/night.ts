// Asleep contract 9: one fictitious 242-epoch night (2025-03-10 14:00:00Z to 16:01:00Z).
// Layout: W 0-25 | L 26-61 | D 62-91 | L 92-101 | W 102-105 | L 106-121 | R 122-151 |
// L 152-171 | D 172-191 | W 192-197 | L 198-221 | R 222-229 | L 230-233 | W 234-241.
import { deepFreeze } from './frozen';

export const sampleUserId = 'G-20250301093015-Qw8ErTy2UiOp4AsDfGh1';
export const sampleSessionId = '20250310140000_k3m9x';

// prettier-ignore
export const sampleSleepStages = deepFreeze([
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
  2,2,2,2,2,2,2,2,2,2,2,2,1,1,1,1,1,1,1,1,1,1,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,0,0,0,0,0,0,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,3,3,3,3,3,3,3,3,1,1,1,1,0,0,0,0,0,0,
  0,0,
]);

/** Snoring at epochs 67-72 and 177-178. */
// prettier-ignore
export const sampleSnoringStages = deepFreeze([
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,
]);

/** The `stat` fields that do not depend on the rendering time zone. */
// prettier-ignore
const zoneFreeStat = {
  sleep_index: 74, sleep_latency: 780, wakeup_latency: 240, light_latency: 0,
  deep_latency: 1080, rem_latency: 2880, time_in_bed: 7260, time_in_sleep_period: 6240,
  time_in_sleep: 5940, time_in_wake: 300, time_in_light: 3300, time_in_deep: 1500,
  time_in_rem: 1140, time_in_stable_breath: null, time_in_unstable_breath: null,
  time_in_snoring: 240, time_in_no_snoring: 6000, sleep_efficiency: 0.82, sleep_ratio: 0.95,
  wake_ratio: 0.05, light_ratio: 0.53, deep_ratio: 0.24, rem_ratio: 0.18,
  stable_breath_ratio: null, unstable_breath_ratio: null, snoring_ratio: 0.04,
  no_snoring_ratio: 0.96, breathing_index: null, breathing_pattern: null, waso_count: 2,
  longest_waso: 180, sleep_cycle_count: 1, sleep_cycle: 3750,
  unstable_breath_count: null, snoring_count: 2,
};

export const sampleStatUtc = deepFreeze({
  sleep_time: '2025-03-10T14:13:00+00:00',
  wake_time: '2025-03-10T15:57:00+00:00',
  ...zoneFreeStat,
  sleep_cycle_time: ['2025-03-10T14:13:00+00:00', '2025-03-10T15:15:30+00:00'],
});

export const sampleStatSeoul = deepFreeze({
  sleep_time: '2025-03-10T23:13:00+09:00',
  wake_time: '2025-03-11T00:57:00+09:00',
  ...zoneFreeStat,
  sleep_cycle_time: ['2025-03-10T23:13:00+09:00', '2025-03-11T00:15:30+09:00'],
});
