import type { TrendMetricName } from '@sleep/contracts';
import { secondsOfDay } from '@sleep/sleep-metrics';
import { factOfRow } from '../facts/fact-row';
import { midSleepSeconds } from '@sleep/sleep-metrics';
import type { StoredRow } from './fact-queries';

/** The value of one metric for one night, or null when the night has none. */
export function trendValue(row: StoredRow, metric: TrendMetricName): number | null {
  const stat = row.stat;
  if (metric === 'score') return row.score;
  if (stat === null) return null;
  switch (metric) {
    case 'sleep_time':
    case 'wake_time': {
      const at = stat[metric];
      return at === null ? null : secondsOfDay(Date.parse(at), row.zone);
    }
    case 'mid_sleep':
      return midSleepSeconds(factOfRow(row), row.zone);
    default:
      return stat[metric];
  }
}
