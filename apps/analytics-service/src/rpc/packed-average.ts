import { packSleptSession, type PackedSleptSession, sendRatios } from '@sleep/analytics-rpc';
import { type SleptSessionRenderer, sleptSessionOf } from '@sleep/sleep-metrics';
import { A1_STAT_KEYS } from './a1-stat';
import type { A1Night } from './fact-queries';

/** The session's own fields before the stat's in a packed session (`SLEPT_SESSION_KEYS`). */
const SESSION_FIELDS = 5;
const SLEEP_TIME = SESSION_FIELDS + A1_STAT_KEYS.indexOf('sleep_time');
const WAKE_TIME = SESSION_FIELDS + A1_STAT_KEYS.indexOf('wake_time');
const SLEEP_CYCLE_TIME = SESSION_FIELDS + A1_STAT_KEYS.indexOf('sleep_cycle_time');

/**
 * A slept session packed as `packSleptSession` packs the session `sleptSessionOf` renders, made
 * straight from the stat's stored values (already in the packed order) when it has them: no
 * session object of 43 fields to build and then take apart again.
 */
export const packedSleptSession: SleptSessionRenderer<A1Night, PackedSleptSession> = (
  night,
  times,
) => {
  const values = night.statValues;
  if (values === null || values.length !== A1_STAT_KEYS.length)
    return packSleptSession(sleptSessionOf(night, times));
  const packed = [
    night.sessionId,
    night.timezone,
    times.start_time,
    times.end_time,
    times.completed_time,
    ...values,
  ];
  packed[SLEEP_TIME] = times.sleep_time;
  packed[WAKE_TIME] = times.wake_time;
  packed[SLEEP_CYCLE_TIME] = times.sleep_cycle_time;
  return sendRatios(packed);
};
