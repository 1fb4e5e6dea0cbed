import {
  AverageStatsQuerySchema,
  isIanaTimezone,
  type AverageStats,
  type AverageStatsResult,
  type NightFact,
  type Stat,
  StatSchema,
} from '@sleep/contracts';
import { formatInstant } from '../lib/format-instant';
import { parseInstant } from '../lib/parse-instant';
import { circularMeanSeconds } from './circular';
import { divHalfEven, toMillionths } from './exact-rounding';
import { dayNumber, formatTimeOfDay, localDayNumber, secondsOfDay } from './zoned-time';

/** A1 request, validated: dates `YYYY-MM-DD` in `timezone`, both ends included. */
export interface AverageStatsRequest {
  readonly startDate: string;
  readonly endDate: string;
  readonly timezone: string;
}

export type AverageStatsRequestCheck =
  | { readonly ok: true; readonly request: AverageStatsRequest }
  | {
      readonly ok: false;
      readonly field: 'start_date' | 'end_date' | 'timezone';
      readonly message: string;
    };

/**
 * The A1 request rules (Asleep contract A1): real dates, start <= end, at most 100 days counting
 * both ends, a known IANA zone (UTC when omitted, as Asleep defaults its header). A failure names
 * the field, for a 400.
 */
export function validateAverageStatsRequest(input: {
  readonly start_date?: unknown;
  readonly end_date?: unknown;
  readonly timezone?: unknown;
}): AverageStatsRequestCheck {
  const parsed = AverageStatsQuerySchema.safeParse({
    start_date: input.start_date,
    end_date: input.end_date,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path[0] === 'start_date' ? 'start_date' : 'end_date';
    const message = issue.code === 'custom' ? issue.message : `${field} must be a date YYYY-MM-DD`;
    return { ok: false, field, message };
  }
  const timezone = input.timezone ?? 'UTC';
  if (typeof timezone !== 'string' || !isIanaTimezone(timezone)) {
    return { ok: false, field: 'timezone', message: 'The invalid timezone is provided' };
  }
  return {
    ok: true,
    request: { startDate: parsed.data.start_date, endDate: parsed.data.end_date, timezone },
  };
}

/**
 * What A1 reads of a night: its start and end as texts, as a fact has them, or as the instants
 * (ms) a reader already has, which are then not rendered only to be parsed again.
 */
export type AverageNight = Pick<
  NightFact,
  'sessionId' | 'completedTime' | 'timezone' | 'peculiarities' | 'stat'
> &
  (NightTexts | NightInstants);

type NightTexts = Pick<NightFact, 'startTime' | 'endTime'> & {
  readonly startMs?: undefined;
  readonly endMs?: undefined;
};

interface NightInstants {
  readonly startMs: number;
  readonly endMs: number | null;
  readonly startTime?: undefined;
  readonly endTime?: undefined;
}

/** Averaged to whole seconds / counts, half to even. */
// prettier-ignore
const WHOLE_FIELDS = [
  'sleep_latency', 'wakeup_latency', 'time_in_bed', 'time_in_sleep_period', 'time_in_sleep',
  'time_in_wake', 'time_in_light', 'time_in_deep', 'time_in_rem', 'time_in_stable_breath',
  'time_in_unstable_breath', 'time_in_snoring', 'time_in_no_snoring',
] as const satisfies ReadonlyArray<keyof Stat>;
/** Averaged to 3 decimals, half to even. */
// prettier-ignore
const RATIO_FIELDS = [
  'sleep_efficiency', 'wake_ratio', 'sleep_ratio', 'light_ratio', 'deep_ratio', 'rem_ratio',
  'stable_breath_ratio', 'unstable_breath_ratio', 'snoring_ratio', 'no_snoring_ratio',
  'breathing_index',
] as const satisfies ReadonlyArray<keyof Stat>;
/** Counts and the remaining durations, after the ratios as in the simulator's order. */
// prettier-ignore
const LATER_WHOLE_FIELDS = [
  'sleep_index', 'light_latency', 'deep_latency', 'rem_latency', 'waso_count', 'longest_waso',
  'sleep_cycle_count', 'sleep_cycle', 'unstable_breath_count', 'snoring_count',
] as const satisfies ReadonlyArray<keyof Stat>;

type NumericField =
  | (typeof WHOLE_FIELDS)[number]
  | (typeof RATIO_FIELDS)[number]
  | (typeof LATER_WHOLE_FIELDS)[number];

/**
 * How A1 reads the nights' stats: whether a night has one, and a field of a night that has one.
 * `field(key)` is the same function on every call for a key, so a reader of values stored in a
 * known key order finds the key's index once, not per night (no stat object built per night).
 */
export interface AverageStatReader<TNight> {
  hasStat(night: TNight): boolean;
  field<K extends keyof Stat>(key: K): (night: TNight) => Stat[K];
}

/** One reader per stat key, made once: `readers[key]` is `read(key)`. */
export function statFieldReaders<TNight>(
  read: <K extends keyof Stat>(key: K) => (night: TNight) => Stat[K],
): AverageStatReader<TNight>['field'] {
  const readers = new Map<keyof Stat, (night: TNight) => unknown>();
  for (const key of Object.keys(StatSchema.shape) as (keyof Stat)[]) readers.set(key, read(key));
  return <K extends keyof Stat>(key: K) => readers.get(key) as (night: TNight) => Stat[K];
}

/** Reads a night's own stat object. */
const STAT_OBJECT_READER: AverageStatReader<AverageNight> = {
  hasStat: (night) => night.stat !== null,
  field: statFieldReaders((key) => (night) => (night.stat as Stat)[key]),
};

/** `isSlept` (night-facts) through a reader. */
function isSleptBy<TNight extends AverageNight>(
  night: TNight,
  reader: AverageStatReader<TNight>,
  timeInSleep: (night: TNight) => number,
): boolean {
  return (
    reader.hasStat(night) && timeInSleep(night) > 0 && !night.peculiarities.includes('NEVER_SLEPT')
  );
}

/** Mean of the non-null values rounded half to even to an integer; null when none (ours). */
function wholeMean<TNight>(
  nights: readonly TNight[],
  read: (night: TNight) => unknown,
): number | null {
  let sum = 0;
  let count = 0;
  for (const night of nights) {
    const value = read(night);
    if (typeof value !== 'number') continue;
    sum += Math.round(value);
    count++;
  }
  return count === 0 ? null : divHalfEven(sum, count);
}

/** Mean of the non-null values rounded half to even to 3 decimals, on the exact decimal sum. */
function ratioMean<TNight>(
  nights: readonly TNight[],
  read: (night: TNight) => unknown,
): number | null {
  let sum = 0;
  let count = 0;
  for (const night of nights) {
    const value = read(night);
    if (typeof value !== 'number') continue;
    sum += toMillionths(value);
    count++;
  }
  return count === 0 ? null : divHalfEven(sum, count * 1000) / 1000;
}

function meanTime(instantsMs: readonly number[], timezone: string): string | null {
  const mean = circularMeanSeconds(instantsMs.map((ms) => secondsOfDay(ms, timezone)));
  return mean === null ? null : formatTimeOfDay(Math.round(mean));
}

/** A slept night's instants, each text read once (they are read for the means and rendered). */
interface SleptTimes {
  readonly startMs: number;
  readonly endMs: number | null;
  readonly sleepMs: number | null;
  readonly wakeMs: number | null;
}

const instantOf = (iso: string | null) => (iso === null ? null : parseInstant(iso));

const startMsOf = (night: AverageNight): number =>
  night.startTime === undefined ? night.startMs : parseInstant(night.startTime);
const endMsOf = (night: AverageNight): number | null =>
  night.startTime === undefined ? night.endMs : instantOf(night.endTime);

/** A slept session's instants rendered in the requested zone: what its stat's texts become. */
export interface SleptSessionTimes {
  readonly start_time: string;
  readonly end_time: string | null;
  readonly completed_time: string | null;
  readonly sleep_time: string | null;
  readonly wake_time: string | null;
  readonly sleep_cycle_time: string[] | null;
}

/** Renders a slept session of the answer from its night and its instants in the requested zone. */
export type SleptSessionRenderer<TNight extends AverageNight, TSession> = (
  fact: TNight,
  times: SleptSessionTimes,
) => TSession;

/** A1's answer with its slept sessions rendered by a `SleptSessionRenderer`. */
export type AverageStatsOf<TSession> = Omit<AverageStatsResult, 'slept_sessions'> & {
  slept_sessions: TSession[];
};

/**
 * The stat's instants re-rendered in the requested zone (the store keeps UTC renderings). The
 * first cycle time is the sleep onset: rendered once when the texts are equal.
 */
function sleptSessionTimes(
  fact: AverageNight,
  times: SleptTimes,
  timezone: string,
  statSleepTime: string | null,
  statCycleTimes: string[] | null,
): SleptSessionTimes {
  const at = (ms: number | null) => (ms === null ? null : formatInstant(ms, timezone));
  const sleepTime = at(times.sleepMs);
  return {
    start_time: formatInstant(times.startMs, timezone),
    end_time: at(times.endMs),
    completed_time: at(instantOf(fact.completedTime)),
    sleep_time: sleepTime,
    wake_time: at(times.wakeMs),
    sleep_cycle_time:
      statCycleTimes === null
        ? null
        : statCycleTimes.map((iso) =>
            iso === statSleepTime && sleepTime !== null
              ? sleepTime
              : formatInstant(parseInstant(iso), timezone),
          ),
  };
}

/** A slept session of the answer: the night's stat with its instants in the requested zone, its fields in the stat's order. */
export const sleptSessionOf: SleptSessionRenderer<
  AverageNight,
  AverageStatsResult['slept_sessions'][number]
> = (fact, times) => {
  const session = {
    id: fact.sessionId,
    created_timezone: fact.timezone,
    start_time: times.start_time,
    end_time: times.end_time,
    completed_time: times.completed_time,
    ...(fact.stat as Stat),
  };
  // Assigning keeps each field where the stat has it.
  session.sleep_time = times.sleep_time;
  session.wake_time = times.wake_time;
  session.sleep_cycle_time = times.sleep_cycle_time;
  return session;
};

/**
 * Asleep's A1 `result` from our own facts (analytics definitions, section 3): nights bucketed by
 * the date of their start in the requested zone, like S2; `average_stats` over slept nights only.
 * Naps count (Asleep has no such notion); nights without a stat are in neither list (ours).
 * `renderSlept` renders each slept session (`sleptSessionOf`, the answer's own shape, by default).
 */
export function computeAverageStats(
  facts: readonly AverageNight[],
  request: AverageStatsRequest,
): AverageStatsResult;
export function computeAverageStats<TNight extends AverageNight, TSession>(
  facts: readonly TNight[],
  request: AverageStatsRequest,
  renderSlept: SleptSessionRenderer<TNight, TSession>,
  reader?: AverageStatReader<TNight>,
): AverageStatsOf<TSession>;
export function computeAverageStats<TNight extends AverageNight, TSession>(
  facts: readonly TNight[],
  request: AverageStatsRequest,
  renderSlept: SleptSessionRenderer<TNight, TSession> = sleptSessionOf as never,
  reader: AverageStatReader<TNight> = STAT_OBJECT_READER,
): AverageStatsOf<TSession> {
  const { timezone, startDate, endDate } = request;
  const sleepTime = reader.field('sleep_time');
  const wakeTime = reader.field('wake_time');
  const sleepCycleTime = reader.field('sleep_cycle_time');
  // Each start parsed once (not in every comparison of the sort); dates compared as day numbers.
  const firstDay = dayNumber(startDate);
  const lastDay = dayNumber(endDate);
  const inWindow: { fact: TNight; startMs: number }[] = [];
  for (const fact of facts) {
    const startMs = startMsOf(fact);
    const day = localDayNumber(startMs, timezone);
    if (day >= firstDay && day <= lastDay && reader.hasStat(fact)) inWindow.push({ fact, startMs });
  }
  inWindow.sort((a, b) => a.startMs - b.startMs);
  const slept: { fact: TNight; times: SleptTimes }[] = [];
  const neverSlept: { fact: AverageNight; startMs: number }[] = [];
  for (const { fact, startMs } of inWindow) {
    if (!isSleptBy(fact, reader, reader.field('time_in_sleep'))) {
      neverSlept.push({ fact, startMs });
      continue;
    }
    slept.push({
      fact,
      times: {
        startMs,
        endMs: endMsOf(fact),
        sleepMs: instantOf(sleepTime(fact)),
        wakeMs: instantOf(wakeTime(fact)),
      },
    });
  }
  const sleptNights = slept.map(({ fact }) => fact);
  const instants = (pick: (times: SleptTimes) => number | null) =>
    slept.map(({ times }) => pick(times)).filter((ms): ms is number => ms !== null);
  const breathAnalysed =
    slept.length > 0 &&
    slept.every(({ fact }) => !fact.peculiarities.includes('NO_BREATHING_STABILITY'));

  let averageStats: AverageStats | null = null;
  if (slept.length > 0) {
    const whole = (fields: readonly NumericField[]) =>
      Object.fromEntries(
        fields.map((field) => [field, wholeMean(sleptNights, reader.field(field))]),
      );
    const ratios = Object.fromEntries(
      RATIO_FIELDS.map((field) => [field, ratioMean(sleptNights, reader.field(field))]),
    );
    averageStats = {
      start_time: meanTime(
        instants((t) => t.startMs),
        timezone,
      ),
      end_time: meanTime(
        instants((t) => t.endMs),
        timezone,
      ),
      sleep_time: meanTime(
        instants((t) => t.sleepMs),
        timezone,
      ),
      wake_time: meanTime(
        instants((t) => t.wakeMs),
        timezone,
      ),
      ...whole(WHOLE_FIELDS),
      ...ratios,
      ...whole(LATER_WHOLE_FIELDS),
    } as AverageStats;
  }

  const at = (ms: number | null) => (ms === null ? null : formatInstant(ms, timezone));
  return {
    period: { timezone, start_date: startDate, end_date: endDate },
    peculiarities: breathAnalysed ? [] : ['NO_BREATHING_STABILITY'],
    average_stats: averageStats,
    never_slept_sessions: neverSlept.map(({ fact, startMs }) => ({
      id: fact.sessionId,
      start_time: formatInstant(startMs, timezone),
      end_time: at(endMsOf(fact)),
      completed_time: at(instantOf(fact.completedTime)),
    })),
    slept_sessions: slept.map(({ fact, times }) =>
      renderSlept(
        fact,
        sleptSessionTimes(fact, times, timezone, sleepTime(fact), sleepCycleTime(fact)),
      ),
    ),
  };
}
