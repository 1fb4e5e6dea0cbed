import { nightDeliveries } from '../testing/night-deliveries';
import { sampleSleepData, sampleUserId } from '../testing/samples';
import type { Night } from './night';
import { reduceNight } from './session-reducer';
import { checkStat } from './stat-check';

const night = reduceNight(
  null,
  nightDeliveries(sampleSleepData(), { userId: sampleUserId }).at(-1)!,
).night as Night;

describe('checkStat', () => {
  it('agrees with Asleep on the contract sample', () => {
    expect(checkStat(night)).toEqual([]);
  });

  it('compares numerically and instants as instants (Asleep contract 7.6.9)', () => {
    const stat = {
      ...night.stat!,
      sleep_efficiency: 0.820000000001,
      sleep_time: '2025-03-10T23:13:00+09:00',
    };
    expect(checkStat({ ...night, stat })).toEqual([]);
  });

  it('names each field that disagrees with both values', () => {
    const stat = { ...night.stat!, waso_count: 3, wake_time: '2025-03-10T15:58:00+00:00' };
    expect(checkStat({ ...night, stat })).toEqual([
      {
        field: 'wake_time',
        reported: '2025-03-10T15:58:00+00:00',
        expected: '2025-03-10T15:57:00+00:00',
      },
      { field: 'waso_count', reported: 3, expected: 2 },
    ]);
  });

  it('reports a timeline that cannot be this night', () => {
    const mismatches = checkStat({ ...night, endMs: night.endMs! + 3_600_000 } as Night);
    expect(mismatches.map((m) => m.field)).toEqual(['timeline']);
  });

  it('has nothing to check without a stat', () => {
    expect(checkStat({ ...night, stat: null })).toEqual([]);
  });
});
