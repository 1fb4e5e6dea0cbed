import { type Stat, StatSchema } from '@sleep/contracts';
import { formatInstant } from '@sleep/sleep-metrics';

const STAT_FIELDS = Object.keys(StatSchema.shape) as (keyof Stat)[];

/**
 * The same stat with its datetimes rendered in `timeZone`, as Asleep's `timezone` header does, in
 * Asleep's field order whatever order the stored JSON came back in. One object written field by
 * field: a spread, then entries reordered into another, cost a completed night three copies.
 */
export function rezoneStat(stat: Stat, timeZone: string): Stat {
  const at = (value: string) => formatInstant(Date.parse(value), timeZone);
  const zoned: Record<string, unknown> = {};
  for (const field of STAT_FIELDS) {
    const value = stat[field];
    if (field === 'sleep_time' || field === 'wake_time')
      zoned[field] = value === null ? null : at(value as string);
    else if (field === 'sleep_cycle_time')
      zoned[field] = value === null ? null : (value as string[]).map(at);
    else zoned[field] = value;
  }
  return zoned as Stat;
}
