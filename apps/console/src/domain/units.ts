import type { Stat } from '@sleep/contracts';

/** `7 h 05 min`, `42 min`, `30 s`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  const hours = Math.floor(minutes / 60);
  return hours === 0 ? `${minutes} min` : `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function formatPercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(0)} %`;
}

/** An instant as the wall-clock time of a zone: `23:41`. */
export function formatTime(instant: string | null | undefined, timeZone: string): string {
  if (!instant) return '—';
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(instant),
  );
}

/** An instant as date and time of a zone: `2025-03-10 23:41`. */
export function formatDateTime(instant: string | null | undefined, timeZone: string): string {
  if (!instant) return '—';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

type StatKind = 'duration' | 'ratio' | 'time' | 'count' | 'index';

/** Every stat field shown on a night's page, with its unit. */
export const STAT_FIELDS: readonly { key: keyof Stat; label: string; kind: StatKind }[] = [
  { key: 'sleep_time', label: 'Fell asleep', kind: 'time' },
  { key: 'wake_time', label: 'Woke up', kind: 'time' },
  { key: 'time_in_bed', label: 'Time in bed', kind: 'duration' },
  { key: 'time_in_sleep', label: 'Time asleep', kind: 'duration' },
  { key: 'time_in_sleep_period', label: 'Sleep period', kind: 'duration' },
  { key: 'sleep_efficiency', label: 'Sleep efficiency', kind: 'ratio' },
  { key: 'sleep_latency', label: 'Sleep latency', kind: 'duration' },
  { key: 'wakeup_latency', label: 'Wake-up latency', kind: 'duration' },
  { key: 'time_in_wake', label: 'Awake', kind: 'duration' },
  { key: 'time_in_light', label: 'Light sleep', kind: 'duration' },
  { key: 'time_in_deep', label: 'Deep sleep', kind: 'duration' },
  { key: 'time_in_rem', label: 'REM sleep', kind: 'duration' },
  { key: 'light_latency', label: 'Light latency', kind: 'duration' },
  { key: 'deep_latency', label: 'Deep latency', kind: 'duration' },
  { key: 'rem_latency', label: 'REM latency', kind: 'duration' },
  { key: 'wake_ratio', label: 'Wake share', kind: 'ratio' },
  { key: 'light_ratio', label: 'Light share', kind: 'ratio' },
  { key: 'deep_ratio', label: 'Deep share', kind: 'ratio' },
  { key: 'rem_ratio', label: 'REM share', kind: 'ratio' },
  { key: 'waso_count', label: 'Awakenings after sleep onset', kind: 'count' },
  { key: 'longest_waso', label: 'Longest awakening', kind: 'duration' },
  { key: 'sleep_cycle_count', label: 'Sleep cycles', kind: 'count' },
  { key: 'sleep_cycle', label: 'Mean cycle length', kind: 'duration' },
  { key: 'time_in_snoring', label: 'Snoring', kind: 'duration' },
  { key: 'snoring_ratio', label: 'Snoring share', kind: 'ratio' },
  { key: 'snoring_count', label: 'Snoring episodes', kind: 'count' },
  { key: 'time_in_stable_breath', label: 'Stable breathing', kind: 'duration' },
  { key: 'time_in_unstable_breath', label: 'Unstable breathing', kind: 'duration' },
  { key: 'unstable_breath_count', label: 'Unstable breathing episodes', kind: 'count' },
  { key: 'sleep_index', label: 'Sleep index', kind: 'index' },
];

export function formatStat(stat: Stat, key: keyof Stat, kind: StatKind, timeZone: string): string {
  const value = stat[key];
  if (value === null || value === undefined) return '—';
  switch (kind) {
    case 'duration':
      return formatDuration(value as number);
    case 'ratio':
      return formatPercent(value as number);
    case 'time':
      return formatTime(value as string, timeZone);
    case 'count':
      return String(value);
    case 'index':
      return (value as number).toFixed(1);
  }
}
