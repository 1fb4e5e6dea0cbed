import type { AsleepSessionListItem, SleepData } from '@sleep/contracts';
import { formatInstant } from '@sleep/sleep-metrics';
import type { Epoch, Night } from './night';
import { rezoneStat } from './stat-zone';

/** Epochs not received yet read as -1, "no data" (Asleep contract 7.1); snoring as 0. */
function line<T extends number>(
  values: readonly Epoch[] | null,
  length: number,
  missing: number,
): T[] | null {
  if (values === null || length === 0) return null;
  // A timeline received whole is its own rendering (the common case: every completed night).
  if (values.length === length && !values.includes(null) && !values.includes(undefined as never))
    return values as T[];
  const rendered = new Array<T>(length);
  for (let i = 0; i < length; i++) rendered[i] = (values[i] ?? missing) as T;
  return rendered;
}

/** Asleep S1's result for a stored night, every datetime in `timeZone`. */
export function renderSleepData(night: Night, timeZone: string): SleepData {
  const at = (ms: number | null) => (ms === null ? null : formatInstant(ms, timeZone));
  const epochs = night.sleepStages?.length ?? 0;
  const ended = night.state !== 'OPEN';
  return {
    timezone: timeZone,
    peculiarities: [...night.peculiarities],
    missing_data_ratio: night.missingDataRatio,
    session: {
      id: night.sessionId,
      state: night.state,
      start_time: formatInstant(night.startMs, timeZone),
      end_time: ended ? at(night.endMs) : null,
      unexpected_end_time: ended ? at(night.unexpectedEndMs) : null,
      created_timezone: night.createdTimezone,
      sleep_stages: line(night.sleepStages, epochs, -1),
      breath_stages: line(
        night.breathStages,
        night.state === 'COMPLETE' ? (night.breathStages?.length ?? 0) : epochs,
        -1,
      ),
      snoring_stages: line(
        night.snoringStages,
        night.state === 'COMPLETE'
          ? (night.snoringStages?.length ?? 0)
          : night.snoringStages
            ? epochs
            : 0,
        0,
      ),
    },
    stat: night.stat ? rezoneStat(night.stat, timeZone) : null,
  };
}

/** What a list item needs: no timelines. */
export type NightSummary = Pick<
  Night,
  'sessionId' | 'state' | 'startMs' | 'endMs' | 'unexpectedEndMs' | 'createdTimezone' | 'lastSeqNum'
>;

/** One Asleep S2 `sleep_session_list` item. */
export function renderListItem(night: NightSummary, timeZone: string): AsleepSessionListItem {
  const ended = night.state !== 'OPEN' && night.endMs !== null;
  return {
    session_id: night.sessionId,
    state: night.state,
    session_start_time: formatInstant(night.startMs, timeZone),
    session_end_time: ended ? formatInstant(night.endMs as number, timeZone) : null,
    created_timezone: night.createdTimezone,
    unexpected_end_time:
      ended && night.unexpectedEndMs !== null
        ? formatInstant(night.unexpectedEndMs, timeZone)
        : null,
    last_received_seq_num: night.lastSeqNum,
    time_in_bed: ended ? Math.floor(((night.endMs as number) - night.startMs) / 1000) : null,
  };
}
