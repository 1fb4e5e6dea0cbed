import { StatSchema } from '@sleep/contracts';
import { computeNightStats } from './night-stats';
import { toAsleepStat } from './to-asleep-stat';
import { flagsAt, stagesFromLayout } from '../test/build-night';

// The sample session of the Asleep contract (section 9), rebuilt from its documented layout.
const stages = stagesFromLayout([
  ['W', 0, 25],
  ['L', 26, 61],
  ['D', 62, 91],
  ['L', 92, 101],
  ['W', 102, 105],
  ['L', 106, 121],
  ['R', 122, 151],
  ['L', 152, 171],
  ['D', 172, 191],
  ['W', 192, 197],
  ['L', 198, 221],
  ['R', 222, 229],
  ['L', 230, 233],
  ['W', 234, 241],
]);
const snoring = flagsAt(242, [
  [67, 72],
  [177, 178],
]);
const input = {
  stages,
  snoring,
  startMs: Date.parse('2025-03-10T14:00:00Z'),
  endMs: Date.parse('2025-03-10T16:01:00Z'),
};

const common = {
  sleep_index: 74,
  sleep_latency: 780,
  wakeup_latency: 240,
  light_latency: 0,
  deep_latency: 1080,
  rem_latency: 2880,
  time_in_bed: 7260,
  time_in_sleep_period: 6240,
  time_in_sleep: 5940,
  time_in_wake: 300,
  time_in_light: 3300,
  time_in_deep: 1500,
  time_in_rem: 1140,
  time_in_stable_breath: null,
  time_in_unstable_breath: null,
  time_in_snoring: 240,
  time_in_no_snoring: 6000,
  sleep_efficiency: 0.82,
  sleep_ratio: 0.95,
  wake_ratio: 0.05,
  light_ratio: 0.53,
  deep_ratio: 0.24,
  rem_ratio: 0.18,
  stable_breath_ratio: null,
  unstable_breath_ratio: null,
  snoring_ratio: 0.04,
  no_snoring_ratio: 0.96,
  breathing_index: null,
  breathing_pattern: null,
  waso_count: 2,
  longest_waso: 180,
  sleep_cycle_count: 1,
  sleep_cycle: 3750,
  unstable_breath_count: null,
  snoring_count: 2,
};

// Copied from the contract's 9.2 (UTC) and 9.3 (Asia/Seoul) payloads.
const statUtc = {
  sleep_time: '2025-03-10T14:13:00+00:00',
  wake_time: '2025-03-10T15:57:00+00:00',
  ...common,
  sleep_cycle_time: ['2025-03-10T14:13:00+00:00', '2025-03-10T15:15:30+00:00'],
};
const statSeoul = {
  sleep_time: '2025-03-10T23:13:00+09:00',
  wake_time: '2025-03-11T00:57:00+09:00',
  ...common,
  sleep_cycle_time: ['2025-03-10T23:13:00+09:00', '2025-03-11T00:15:30+09:00'],
};

describe('the Asleep contract sample session', () => {
  const stats = computeNightStats(input);

  it('has the documented shape', () => {
    expect(stages).toHaveLength(242);
    expect(stats.timeInNoData).toBe(0);
    expect(stats.wakeTimeMs - stats.sleepTimeMs).toBe(6240_000);
  });

  it('renders the 9.2 stat in UTC, field for field and in order', () => {
    const stat = toAsleepStat(stats, { timezone: 'UTC', sleepIndex: 74 });
    expect(stat).toStrictEqual(statUtc);
    expect(Object.keys(stat)).toEqual(Object.keys(StatSchema.shape));
    expect(StatSchema.parse(stat)).toStrictEqual(stat);
  });

  it('renders the 9.3 stat in Asia/Seoul', () => {
    expect(toAsleepStat(stats, { timezone: 'Asia/Seoul', sleepIndex: 74 })).toStrictEqual(
      statSeoul,
    );
  });

  it('passes breath fields through when given', () => {
    const stat = toAsleepStat(stats, {
      timezone: 'UTC',
      sleepIndex: 74,
      timeInStableBreath: 5000,
      breathingPattern: 'STABLE',
    });
    expect(stat).toMatchObject({
      time_in_stable_breath: 5000,
      breathing_pattern: 'STABLE',
      time_in_unstable_breath: null,
    });
  });
});
