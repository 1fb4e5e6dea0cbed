import type { SleepData } from '@sleep/contracts';
import { stableUuid } from '../stable-id';

/** Asleep measures sleep from sound: the data are sensed, not self-reported. */
const PROVENANCE = { source_name: 'Asleep', modality: 'sensed' } as const;

const minutes = (seconds: number) => ({
  value: Math.round((seconds / 60) * 100) / 100,
  unit: 'min',
});

function header(
  name: 'sleep-duration' | 'sleep-episode',
  version: string,
  sessionId: string,
  createdAt: string,
) {
  return {
    id: stableUuid(`omh:${name}:${sessionId}`),
    creation_date_time: createdAt,
    schema_id: { namespace: 'omh', name, version },
    acquisition_provenance: PROVENANCE,
  };
}

/**
 * `omh:sleep-duration:2.0`: time asleep, over the session's time interval (offsets as the
 * session was rendered). Null for a night without statistics.
 */
export function omhSleepDuration(night: SleepData, createdAt: string) {
  const { session, stat } = night;
  if (!stat || !session.end_time) return null;
  return {
    header: header('sleep-duration', '2.0', session.id, createdAt),
    body: {
      sleep_duration: minutes(stat.time_in_sleep),
      effective_time_frame: {
        time_interval: { start_date_time: session.start_time, end_date_time: session.end_time },
      },
    },
  };
}

/**
 * `omh:sleep-episode:1.1`: sleep onset to final awakening (the session's bounds when Asleep saw
 * no sleep), latencies, time asleep, wake after onset, awakenings and efficiency.
 */
export function omhSleepEpisode(
  night: SleepData,
  createdAt: string,
  mainSleep: boolean | undefined,
) {
  const { session, stat } = night;
  if (!stat || !session.end_time) return null;
  return {
    header: header('sleep-episode', '1.1', session.id, createdAt),
    body: {
      effective_time_frame: {
        time_interval: {
          start_date_time: stat.sleep_time ?? session.start_time,
          end_date_time: stat.wake_time ?? session.end_time,
        },
      },
      latency_to_sleep_onset: minutes(stat.sleep_latency),
      latency_to_arising: minutes(stat.wakeup_latency),
      total_sleep_time: minutes(stat.time_in_sleep),
      wake_after_sleep_onset: minutes(stat.time_in_wake),
      number_of_awakenings: stat.waso_count,
      ...(mainSleep === undefined ? {} : { is_main_sleep: mainSleep }),
      sleep_maintenance_efficiency_percentage: {
        value: Math.round(stat.sleep_efficiency * 1000) / 10,
        unit: '%',
      },
    },
  };
}

export type OmhDataPoint = NonNullable<
  ReturnType<typeof omhSleepDuration> | ReturnType<typeof omhSleepEpisode>
>;
