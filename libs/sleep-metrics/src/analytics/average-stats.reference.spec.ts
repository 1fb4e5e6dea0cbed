import type { AverageStats, AverageStatsResult, NightFact, Stat } from '@sleep/contracts';
import fc from 'fast-check';
import { formatInstant } from '../lib/format-instant';
import { parseInstant } from '../lib/parse-instant';
import { ZONES } from '../test/night-arbitrary';
import { type AverageStatsRequest, computeAverageStats } from './average-stats';
import { circularMeanSeconds } from './circular';
import { divHalfEven, toMillionths } from './exact-rounding';
import { isSlept } from './night-facts';
import { formatTimeOfDay, localDate, secondsOfDay } from './zoned-time';

// prettier-ignore
const WHOLE_FIELDS = [
  'sleep_latency', 'wakeup_latency', 'time_in_bed', 'time_in_sleep_period', 'time_in_sleep',
  'time_in_wake', 'time_in_light', 'time_in_deep', 'time_in_rem', 'time_in_stable_breath',
  'time_in_unstable_breath', 'time_in_snoring', 'time_in_no_snoring',
] as const;
// prettier-ignore
const RATIO_FIELDS = [
  'sleep_efficiency', 'wake_ratio', 'sleep_ratio', 'light_ratio', 'deep_ratio', 'rem_ratio',
  'stable_breath_ratio', 'unstable_breath_ratio', 'snoring_ratio', 'no_snoring_ratio',
  'breathing_index',
] as const;
// prettier-ignore
const LATER_WHOLE_FIELDS = [
  'sleep_index', 'light_latency', 'deep_latency', 'rem_latency', 'waso_count', 'longest_waso',
  'sleep_cycle_count', 'sleep_cycle', 'unstable_breath_count', 'snoring_count',
] as const;
type NumericField =
  | (typeof WHOLE_FIELDS)[number]
  | (typeof RATIO_FIELDS)[number]
  | (typeof LATER_WHOLE_FIELDS)[number];

/**
 * A1 as first written, straight from the definitions (every text parsed where it is used, values
 * gathered per field): the reference the computation must equal byte for byte.
 */
function valuesOf(stats: readonly Stat[], field: NumericField): number[] {
  const values: number[] = [];
  for (const stat of stats) {
    const value = stat[field];
    if (typeof value === 'number') values.push(value);
  }
  return values;
}

/** Mean of the non-null values rounded half to even to an integer; null when none (ours). */
function wholeMean(stats: readonly Stat[], field: NumericField): number | null {
  const values = valuesOf(stats, field);
  if (values.length === 0) return null;
  const sum = values.reduce((total, value) => total + Math.round(value), 0);
  return divHalfEven(sum, values.length);
}

/** Mean of the non-null values rounded half to even to 3 decimals, on the exact decimal sum. */
function ratioMean(stats: readonly Stat[], field: NumericField): number | null {
  const values = valuesOf(stats, field);
  if (values.length === 0) return null;
  const sum = values.reduce((total, value) => total + toMillionths(value), 0);
  return divHalfEven(sum, values.length * 1000) / 1000;
}

function meanTime(instantsMs: readonly number[], timezone: string): string | null {
  const mean = circularMeanSeconds(instantsMs.map((ms) => secondsOfDay(ms, timezone)));
  return mean === null ? null : formatTimeOfDay(Math.round(mean));
}

/** A stored stat re-rendered in the requested zone (the store keeps UTC renderings). */
function statIn(stat: Stat, timezone: string): Stat {
  const at = (iso: string) => formatInstant(parseInstant(iso), timezone);
  return {
    ...stat,
    sleep_time: stat.sleep_time === null ? null : at(stat.sleep_time),
    wake_time: stat.wake_time === null ? null : at(stat.wake_time),
    sleep_cycle_time: stat.sleep_cycle_time === null ? null : stat.sleep_cycle_time.map(at),
  };
}

/**
 * Asleep's A1 `result` from our own facts (analytics definitions, section 3): nights bucketed by
 * the date of their start in the requested zone, like S2; `average_stats` over slept nights only.
 * Naps count (Asleep has no such notion); nights without a stat are in neither list (ours).
 */
/** A night with its start and end as texts, as a fact has them. */
type TextNight = Pick<
  NightFact,
  'sessionId' | 'startTime' | 'endTime' | 'completedTime' | 'timezone' | 'peculiarities' | 'stat'
>;

function referenceAverageStats(
  facts: readonly TextNight[],
  request: AverageStatsRequest,
): AverageStatsResult {
  const { timezone, startDate, endDate } = request;
  const at = (iso: string | null) =>
    iso === null ? null : formatInstant(parseInstant(iso), timezone);
  // Each start parsed once (not in every comparison of the sort).
  const inWindow = facts
    .map((fact) => ({ fact, startMs: parseInstant(fact.startTime) }))
    .filter(({ fact, startMs }) => {
      const date = localDate(startMs, timezone);
      return date >= startDate && date <= endDate && fact.stat !== null;
    })
    .sort((a, b) => a.startMs - b.startMs)
    .map(({ fact }) => fact);
  const slept = inWindow.filter(isSlept);
  const neverSlept = inWindow.filter((fact) => !isSlept(fact));
  const stats = slept.map((fact) => fact.stat as Stat);
  const instants = (pick: (fact: TextNight) => string | null) =>
    slept
      .map(pick)
      .filter((iso): iso is string => iso !== null)
      .map((iso) => parseInstant(iso));
  const breathAnalysed =
    slept.length > 0 &&
    slept.every((fact) => !fact.peculiarities.includes('NO_BREATHING_STABILITY'));

  let averageStats: AverageStats | null = null;
  if (slept.length > 0) {
    const whole = (fields: readonly NumericField[]) =>
      Object.fromEntries(fields.map((field) => [field, wholeMean(stats, field)]));
    const ratios = Object.fromEntries(
      RATIO_FIELDS.map((field) => [field, ratioMean(stats, field)]),
    );
    averageStats = {
      start_time: meanTime(
        instants((f) => f.startTime),
        timezone,
      ),
      end_time: meanTime(
        instants((f) => f.endTime),
        timezone,
      ),
      sleep_time: meanTime(
        instants((f) => f.stat?.sleep_time ?? null),
        timezone,
      ),
      wake_time: meanTime(
        instants((f) => f.stat?.wake_time ?? null),
        timezone,
      ),
      ...whole(WHOLE_FIELDS),
      ...ratios,
      ...whole(LATER_WHOLE_FIELDS),
    } as AverageStats;
  }

  return {
    period: { timezone, start_date: startDate, end_date: endDate },
    peculiarities: breathAnalysed ? [] : ['NO_BREATHING_STABILITY'],
    average_stats: averageStats,
    never_slept_sessions: neverSlept.map((fact) => ({
      id: fact.sessionId,
      start_time: at(fact.startTime) as string,
      end_time: at(fact.endTime),
      completed_time: at(fact.completedTime),
    })),
    slept_sessions: slept.map((fact) => ({
      id: fact.sessionId,
      created_timezone: fact.timezone,
      start_time: at(fact.startTime) as string,
      end_time: at(fact.endTime),
      completed_time: at(fact.completedTime),
      ...statIn(fact.stat as Stat, timezone),
    })),
  };
}

const DAY_MS = 86_400_000;
/** 2000..2040: starts of one window's nights lie within 110 days of each other. */
const windowStartMs = fc.integer({ min: 946_684_800_000, max: 2_208_988_800_000 });
const renderZone = fc.constantFrom('UTC', 'UTC', 'Asia/Seoul', 'America/New_York');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });

/** A stored night of the window: texts rendered in UTC mostly (as stored), some in other zones. */
const nightOf = (windowMs: number) =>
  fc
    .record({
      id: fc.stringMatching(/^[a-z0-9]{1,8}$/),
      startOffsetMs: fc.integer({ min: -3 * DAY_MS, max: 110 * DAY_MS }),
      lengthMs: fc.integer({ min: 0, max: 16 * 3_600_000 }),
      completed: fc.boolean(),
      zone: fc.constantFrom(...ZONES),
      render: renderZone,
      peculiarities: fc.subarray(['NEVER_SLEPT', 'NO_BREATHING_STABILITY', 'IN_PROGRESS']),
      hasStat: fc.integer({ min: 0, max: 9 }),
      sleepOffsetMs: maybe(fc.integer({ min: 0, max: 3_600_000 })),
      wakeOffsetMs: maybe(fc.integer({ min: 0, max: 16 * 3_600_000 })),
      cycles: maybe(fc.array(fc.integer({ min: 0, max: 16 * 3_600_000 }), { maxLength: 7 })),
      onsetFirst: fc.boolean(),
      timeInSleep: fc.constantFrom(0, 1, 23_760, 30_000),
      whole: fc.array(maybe(fc.integer({ min: 0, max: 40_000 })), {
        minLength: 23,
        maxLength: 23,
      }),
      ratios: fc.array(maybe(fc.integer({ min: 0, max: 100 })), { minLength: 11, maxLength: 11 }),
    })
    .map((n): TextNight => {
      const startMs = windowMs + n.startOffsetMs;
      const text = (ms: number) => formatInstant(ms, n.render);
      const sleepText = n.sleepOffsetMs === null ? null : text(startMs + n.sleepOffsetMs);
      const cycles = n.cycles?.map((offset) => text(startMs + offset)) ?? null;
      if (cycles && sleepText && n.onsetFirst) cycles.unshift(sleepText);
      const stat: Record<string, unknown> = {
        sleep_time: sleepText,
        wake_time: n.wakeOffsetMs === null ? null : text(startMs + n.wakeOffsetMs),
        sleep_cycle_time: cycles,
        breathing_pattern: null,
      };
      const wholeFields = [...WHOLE_FIELDS, ...LATER_WHOLE_FIELDS];
      wholeFields.forEach((field, i) => (stat[field] = n.whole[i]));
      RATIO_FIELDS.forEach(
        (field, i) => (stat[field] = n.ratios[i] === null ? null : n.ratios[i] / 100),
      );
      stat['time_in_sleep'] = n.timeInSleep;
      return {
        sessionId: n.id,
        startTime: text(startMs),
        endTime: text(startMs + n.lengthMs),
        completedTime: n.completed ? text(startMs + n.lengthMs + 60_000) : null,
        timezone: n.zone,
        peculiarities: n.peculiarities,
        stat: n.hasStat === 0 ? null : (stat as Stat),
      };
    });

const windowArb = windowStartMs.chain((windowMs) =>
  fc.record({
    nights: fc.array(nightOf(windowMs), { maxLength: 40 }),
    request: fc.record({
      startDate: fc.constant(new Date(windowMs).toISOString().slice(0, 10)),
      endDate: fc
        .integer({ min: 0, max: 99 })
        .map((days) => new Date(windowMs + days * DAY_MS).toISOString().slice(0, 10)),
      timezone: fc.constantFrom(...ZONES),
    }),
  }),
);

describe('A1 computation', () => {
  it('answers byte for byte as the definitions read straight (each text read once, shared renderings)', () => {
    fc.assert(
      fc.property(windowArb, ({ nights, request }) => {
        const answer = JSON.stringify(computeAverageStats(nights, request));
        expect(answer).toBe(JSON.stringify(referenceAverageStats(nights, request)));
      }),
      { numRuns: 300 },
    );
    // 300 windows of up to 40 nights: seconds alone, more on a busy host.
  }, 60_000);

  it('answers the same bytes from nights given with their start and end as instants', () => {
    fc.assert(
      fc.property(windowArb, ({ nights, request }) => {
        const asInstants = nights.map(({ startTime, endTime, ...night }) => ({
          ...night,
          startMs: parseInstant(startTime),
          endMs: parseInstant(endTime),
        }));
        expect(JSON.stringify(computeAverageStats(asInstants, request))).toBe(
          JSON.stringify(computeAverageStats(nights, request)),
        );
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('renders a cycle time equal to the onset text once, and the others each in the zone', () => {
    const stat = {
      sleep_time: '2025-03-01T14:00:00+00:00',
      wake_time: '2025-03-01T21:00:00+00:00',
      sleep_cycle_time: ['2025-03-01T14:00:00+00:00', '2025-03-01T15:30:00+00:00'],
      time_in_sleep: 25_200,
    } as Stat;
    const night: TextNight = {
      sessionId: 's1',
      startTime: '2025-03-01T13:50:00+00:00',
      endTime: '2025-03-01T21:05:00+00:00',
      completedTime: null,
      timezone: 'Asia/Seoul',
      peculiarities: [],
      stat,
    };
    const request = { startDate: '2025-03-01', endDate: '2025-03-02', timezone: 'Asia/Seoul' };
    const [session] = computeAverageStats([night], request).slept_sessions;
    expect(session.sleep_cycle_time).toEqual([
      '2025-03-01T23:00:00+09:00',
      '2025-03-02T00:30:00+09:00',
    ]);
    expect(session.sleep_time).toBe('2025-03-01T23:00:00+09:00');
    expect(Object.keys(session).slice(0, 6)).toEqual([
      'id',
      'created_timezone',
      'start_time',
      'end_time',
      'completed_time',
      'sleep_time',
    ]);
  });
});
