import { SLEPT_SESSION_KEYS } from '@sleep/analytics-rpc';
import type { Stat } from '@sleep/contracts';
import { A1_STAT_KEYS, statOfA1 } from './a1-stat';

describe("A1's stored stat values", () => {
  it('puts every key back in the order Postgres prints a jsonb (shorter first, then bytewise)', () => {
    const stat = statOfA1(A1_STAT_KEYS.map((_, i) => i)) as Record<string, unknown>;
    expect(Object.keys(stat)).toEqual(A1_STAT_KEYS);
    expect(A1_STAT_KEYS.map((key) => stat[key])).toEqual(A1_STAT_KEYS.map((_, i) => i));
    expect(A1_STAT_KEYS.slice(0, 4)).toEqual([
      'rem_ratio',
      'wake_time',
      'deep_ratio',
      'sleep_time',
    ]);
  });

  it('passes a stat kept whole, and no stat, as they are', () => {
    const whole = { sleep_index: 70, sleep_score_v2: 71 } as unknown as Stat;
    expect(statOfA1(whole)).toBe(whole);
    expect(statOfA1(null)).toBeNull();
  });

  it('orders the stat as the packed A1 answer expects its slept sessions (averagePackedV2)', () => {
    expect(SLEPT_SESSION_KEYS).toEqual([
      'id',
      'created_timezone',
      'start_time',
      'end_time',
      'completed_time',
      ...A1_STAT_KEYS,
    ]);
  });
});
