import type { Stat } from '@sleep/contracts';
import { type AverageStatReader, statFieldReaders } from '@sleep/sleep-metrics';
import { A1_STAT_KEYS } from './a1-stat';
import type { A1Night } from './fact-queries';

/**
 * A1's stats read from their stored values (`A1_STAT_KEYS` order), each field at its index, and
 * from the stat itself when it was stored whole: no stat object of 38 fields built per night.
 */
export const a1StatReader: AverageStatReader<A1Night> = {
  hasStat: (night) => night.statValues !== null || night.stat !== null,
  field: statFieldReaders(<K extends keyof Stat>(key: K) => {
    const index = A1_STAT_KEYS.indexOf(key);
    return (night: A1Night) =>
      (night.statValues !== null ? night.statValues[index] : (night.stat as Stat)[key]) as Stat[K];
  }),
};
