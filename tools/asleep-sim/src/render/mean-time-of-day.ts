import { timeOfDayIn } from '../time/zoned-time';

const DAY_SECONDS = 86_400;
const pad = (value: number) => String(value).padStart(2, '0');

const secondsOfDay = (ms: number, timezone: string) => {
  const [h, m, s] = timeOfDayIn(ms, timezone).split(':').map(Number);
  return h * 3600 + m * 60 + s;
};

/**
 * Mean wall-clock time of instants in `timezone`, as `hh:mm:ss` (Asleep contract A1). Bedtimes
 * straddle midnight, so the clock is cut at the widest gap between the values before averaging:
 * 23:00 and 01:00 average to 00:00, not 12:00.
 */
export function meanTimeOfDay(instantsMs: readonly number[], timezone: string): string | null {
  if (instantsMs.length === 0) return null;
  const values = instantsMs.map((ms) => secondsOfDay(ms, timezone)).sort((a, b) => a - b);
  let cutAfter = values.length - 1;
  let widest = values[0] + DAY_SECONDS - values[values.length - 1];
  for (let i = 0; i < values.length - 1; i++) {
    if (values[i + 1] - values[i] > widest) {
      widest = values[i + 1] - values[i];
      cutAfter = i;
    }
  }
  const unwrapped = values.map((value, i) =>
    i <= cutAfter && cutAfter !== values.length - 1 ? value + DAY_SECONDS : value,
  );
  const mean =
    Math.floor(unwrapped.reduce((sum, value) => sum + value, 0) / values.length + 0.5) %
    DAY_SECONDS;
  return `${pad(Math.floor(mean / 3600))}:${pad(Math.floor(mean / 60) % 60)}:${pad(mean % 60)}`;
}
