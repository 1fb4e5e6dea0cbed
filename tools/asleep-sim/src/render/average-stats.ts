import type { Stat } from '@sleep/contracts';
import { calendarDateIn, formatInstant } from '../time/zoned-time';
import { meanTimeOfDay } from './mean-time-of-day';
import { renderStat } from './render-session';
import { nightStatsOf, peculiaritiesOf, SessionSnapshot } from './session-snapshot';

/**
 * `average_stats` numeric fields: the doc's order up to `light_ratio` (Asleep contract A1), then
 * the remaining S1 stat numbers.
 */
// prettier-ignore
const AVERAGED_FIELDS = [
  'sleep_latency', 'wakeup_latency', 'time_in_bed', 'time_in_sleep_period', 'time_in_sleep',
  'time_in_wake', 'time_in_light', 'time_in_deep', 'time_in_rem', 'time_in_stable_breath',
  'time_in_unstable_breath', 'time_in_snoring', 'time_in_no_snoring', 'sleep_efficiency',
  'wake_ratio', 'sleep_ratio', 'light_ratio', 'deep_ratio', 'rem_ratio', 'stable_breath_ratio',
  'unstable_breath_ratio', 'snoring_ratio', 'no_snoring_ratio', 'breathing_index', 'sleep_index',
  'light_latency', 'deep_latency', 'rem_latency', 'waso_count', 'longest_waso',
  'sleep_cycle_count', 'sleep_cycle', 'unstable_breath_count', 'snoring_count',
] as const satisfies ReadonlyArray<keyof Stat>;

/** Durations average to whole seconds (990, 16381 in the doc), everything else to 3 dp (0.864). */
const isSeconds = (field: string) => /^time_in_|_latency$|^longest_waso$|^sleep_cycle$/.test(field);

function average(stats: readonly Stat[], field: (typeof AVERAGED_FIELDS)[number]): number | null {
  const values = stats
    .map((stat) => stat[field])
    .filter((value): value is number => typeof value === 'number');
  if (values.length === 0) return null;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return isSeconds(field) ? Math.floor(mean + 0.5) : Math.round(mean * 1000) / 1000;
}

export interface AverageStatsWindow {
  readonly timezone: string;
  readonly startDate: string;
  readonly endDate: string;
}

/** A1 result over a user's sessions, bucketed by start date in the requested zone. */
export function renderAverageStats(
  snapshots: readonly SessionSnapshot[],
  window: AverageStatsWindow,
) {
  const { timezone, startDate, endDate } = window;
  const at = (ms: number) => formatInstant(ms, timezone);
  const inWindow = snapshots
    .filter((snapshot) => snapshot.state === 'COMPLETE')
    .filter((snapshot) => {
      const date = calendarDateIn(snapshot.night.startMs, timezone);
      return date >= startDate && date <= endDate;
    })
    .sort((a, b) => a.night.startMs - b.night.startMs);
  const neverSlept = inWindow.filter((snapshot) =>
    peculiaritiesOf(snapshot).includes('NEVER_SLEPT'),
  );
  const slept = inWindow
    .filter((snapshot) => !neverSlept.includes(snapshot))
    .map((snapshot) => ({ snapshot, stat: renderStat(snapshot, timezone) }))
    .filter((entry): entry is { snapshot: SessionSnapshot; stat: Stat } => entry.stat !== null);
  const stats = slept.map((entry) => entry.stat);
  const nights = slept.map((entry) => entry.snapshot.night);
  const breathAnalysed = nights.length > 0 && nights.every((night) => night.breathStages !== null);
  const times = (pick: (index: number) => number) =>
    meanTimeOfDay(
      nights.map((_, i) => pick(i)),
      timezone,
    );
  return {
    period: { timezone, start_date: startDate, end_date: endDate },
    peculiarities: breathAnalysed ? [] : ['NO_BREATHING_STABILITY'],
    average_stats:
      slept.length === 0
        ? null
        : {
            start_time: times((i) => nights[i].startMs),
            end_time: times((i) => nights[i].endMs),
            sleep_time: times((i) => nightStatsOf(nights[i]).sleepTimeMs),
            wake_time: times((i) => nightStatsOf(nights[i]).wakeTimeMs),
            ...Object.fromEntries(AVERAGED_FIELDS.map((field) => [field, average(stats, field)])),
          },
    never_slept_sessions: neverSlept.map(({ night }) => ({
      id: night.sessionId,
      start_time: at(night.startMs),
      end_time: at(night.endMs),
      completed_time: at(night.completeMs),
    })),
    slept_sessions: slept.map(({ snapshot: { night }, stat }) => ({
      id: night.sessionId,
      created_timezone: night.createdTimezone,
      start_time: at(night.startMs),
      end_time: at(night.endMs),
      completed_time: at(night.completeMs),
      ...stat,
    })),
  };
}
