import type { AsleepSessionListItem, LastSessionInfo, SleepData, Stat } from '@sleep/contracts';
import { toAsleepStat } from '@sleep/sleep-metrics';
import { formatInstant, naiveUtc } from '../time/zoned-time';
import {
  hasStat,
  nightStatsOf,
  peculiaritiesOf,
  SessionSnapshot,
  visibleEpochs,
} from './session-snapshot';

/** `stat` of a session in `timezone`, or null per the peculiarity rules (Asleep contract 7.4). */
export function renderStat(snapshot: SessionSnapshot, timezone: string): Stat | null {
  if (!hasStat(peculiaritiesOf(snapshot))) return null;
  const { night } = snapshot;
  return toAsleepStat(nightStatsOf(night), {
    timezone,
    sleepIndex: night.sleepIndex,
    ...(night.breathStats ?? {}),
  });
}

/** S1 result (and SESSION_COMPLETE data without `user_id`): every datetime in `timezone`. */
export function renderSleepData(snapshot: SessionSnapshot, timezone: string): SleepData {
  const { night, state } = snapshot;
  const at = (ms: number) => formatInstant(ms, timezone);
  const epochs = visibleEpochs(snapshot);
  const ended = state !== 'OPEN';
  const upTo = (values: readonly number[] | null) =>
    values && epochs > 0 ? values.slice(0, epochs) : null;
  return {
    timezone,
    peculiarities: peculiaritiesOf(snapshot),
    missing_data_ratio: night.missingDataRatio,
    session: {
      id: night.sessionId,
      state,
      start_time: at(night.startMs),
      end_time: ended ? at(night.endMs) : null,
      unexpected_end_time:
        ended && night.unexpectedEndMs !== null ? at(night.unexpectedEndMs) : null,
      created_timezone: night.createdTimezone,
      sleep_stages: upTo(night.sleepStages) as SleepData['session']['sleep_stages'],
      breath_stages: upTo(night.breathStages),
      snoring_stages: upTo(night.snoringStages) as SleepData['session']['snoring_stages'],
    },
    stat: renderStat(snapshot, timezone),
  };
}

/** One S2 `sleep_session_list` item. */
export function renderListItem(snapshot: SessionSnapshot, timezone: string): AsleepSessionListItem {
  const { night, state } = snapshot;
  const ended = state !== 'OPEN';
  const epochs = visibleEpochs(snapshot);
  return {
    session_id: night.sessionId,
    state,
    session_start_time: formatInstant(night.startMs, timezone),
    session_end_time: ended ? formatInstant(night.endMs, timezone) : null,
    created_timezone: night.createdTimezone,
    unexpected_end_time:
      ended && night.unexpectedEndMs !== null
        ? formatInstant(night.unexpectedEndMs, timezone)
        : null,
    last_received_seq_num: epochs > 0 ? epochs - 1 : null,
    time_in_bed: ended ? Math.floor((night.endMs - night.startMs) / 1000) : null,
  };
}

/** U2 `last_session_info`: UTC datetimes without an offset, as in the contract's example. */
export function renderLastSessionInfo(snapshot: SessionSnapshot): LastSessionInfo {
  const { night, state } = snapshot;
  return {
    session_id: night.sessionId,
    inference_type: night.inferenceType,
    service: night.service,
    start_time: naiveUtc(night.startMs),
    end_time: state === 'OPEN' ? null : naiveUtc(night.endMs),
    state,
    complete_time: state === 'COMPLETE' ? naiveUtc(night.completeMs) : null,
  };
}
