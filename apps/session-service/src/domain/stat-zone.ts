import { type Stat, StatSchema } from '@sleep/contracts';
import { formatInstant } from '@sleep/sleep-metrics';

const STAT_FIELDS = Object.keys(StatSchema.shape) as (keyof Stat)[];

/** Asleep's field order, whatever order the stored JSON came back in. */
function inAsleepOrder(stat: Stat): Stat {
  return Object.fromEntries(STAT_FIELDS.map((field) => [field, stat[field]])) as Stat;
}

/** The same stat with its datetimes rendered in `timeZone`, as Asleep's `timezone` header does. */
export function rezoneStat(stat: Stat, timeZone: string): Stat {
  const at = (value: string) => formatInstant(Date.parse(value), timeZone);
  return inAsleepOrder({
    ...stat,
    sleep_time: stat.sleep_time === null ? null : at(stat.sleep_time),
    wake_time: stat.wake_time === null ? null : at(stat.wake_time),
    sleep_cycle_time: stat.sleep_cycle_time === null ? null : stat.sleep_cycle_time.map(at),
  });
}
