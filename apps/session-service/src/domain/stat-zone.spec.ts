import { type Stat, StatSchema } from '@sleep/contracts';
import { formatInstant } from '@sleep/sleep-metrics';
import { sampleSleepData } from '../testing/samples';
import { rezoneStat } from './stat-zone';

const FIELDS = Object.keys(StatSchema.shape) as (keyof Stat)[];

/** The definition: every field in StatSchema's order, datetimes rendered in the zone. */
function reference(stat: Stat, timeZone: string): Stat {
  const at = (value: string) => formatInstant(Date.parse(value), timeZone);
  const zoned: Stat = {
    ...stat,
    sleep_time: stat.sleep_time === null ? null : at(stat.sleep_time),
    wake_time: stat.wake_time === null ? null : at(stat.wake_time),
    sleep_cycle_time: stat.sleep_cycle_time === null ? null : stat.sleep_cycle_time.map(at),
  };
  return Object.fromEntries(FIELDS.map((field) => [field, zoned[field]])) as Stat;
}

describe('rezoneStat', () => {
  const stat = sampleSleepData().stat!;
  // As jsonb gives it back: keys in another order.
  const shuffled = Object.fromEntries(Object.entries(stat).reverse()) as Stat;

  it.each(['UTC', 'Asia/Seoul', 'America/St_Johns'])(
    'gives the same text as the definition, in Asleep\u2019s field order (%s)',
    (zone) => {
      for (const input of [stat, shuffled, { ...stat, sleep_time: null, sleep_cycle_time: null }]) {
        const zoned = rezoneStat(input, zone);
        expect(Object.keys(zoned)).toEqual(FIELDS);
        expect(JSON.stringify(zoned)).toBe(JSON.stringify(reference(input, zone)));
      }
    },
  );
});
