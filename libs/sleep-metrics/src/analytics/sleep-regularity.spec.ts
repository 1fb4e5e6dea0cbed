import fc from 'fast-check';
import { divHalfEven } from './exact-rounding';
import { type RegularityWindow, sleepRegularityIndex } from './sleep-regularity';
import { dateOfDayNumber, dayNumber, startOfLocalDay } from './zoned-time';
import type { NightRecord } from '@sleep/contracts';
import { nightRecord, stagesOf } from '../test/facts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
/** A night asleep from its first to its last epoch. */
const asleep = (startMs: number, minutes: number, timezone = 'UTC') =>
  nightRecord({
    start: iso(startMs),
    stages: stagesOf({ latencyMin: 0, trailingMin: 0, asleepMin: minutes, pattern: 'l' }),
    timezone,
  });

describe('sleep regularity index, golden windows', () => {
  const week = { startDate: '2025-03-10', endDate: '2025-03-16', timezone: 'UTC' };

  it('the same night every day gives 100', () => {
    const nights = Array.from({ length: 8 }, (_, n) =>
      asleep(Date.parse('2025-03-09T23:00:00Z') + n * DAY, 480),
    );
    expect(sleepRegularityIndex(nights, week)).toEqual({
      sri: 100,
      reason: null,
      days: 7,
      trackedDays: 7,
      validPairs: 6 * 2880,
      agreements: 6 * 2880,
    });
  });

  it('answers the same whatever was computed before it (grids of other sizes and nights)', () => {
    const regular = Array.from({ length: 8 }, (_, n) =>
      asleep(Date.parse('2025-03-09T23:00:00Z') + n * DAY, 480),
    );
    const irregular = Array.from({ length: 40 }, (_, n) =>
      asleep(Date.parse('2025-02-20T20:00:00Z') + n * DAY + ((n * 97) % 300) * MIN, 300 + n * 7),
    );
    const month = { startDate: '2025-02-21', endDate: '2025-03-31', timezone: 'UTC' };
    const first = sleepRegularityIndex(regular, week);
    const monthFirst = sleepRegularityIndex(irregular, month);
    expect(sleepRegularityIndex(regular, week)).toEqual(first);
    expect(sleepRegularityIndex(irregular, week)).toEqual(
      sleepRegularityIndex(irregular.slice(15, 26), week),
    );
    expect(sleepRegularityIndex(irregular, month)).toEqual(monthFirst);
    expect(first.sri).toBe(100);
    expect(monthFirst.sri).not.toBeNull();
  });

  it('nights alternating 23:00-07:00 and 01:00-09:00 give 66.7', () => {
    // Day k is asleep over (tail of night k-1) + (head of night k). After an A night and before
    // a B night: [00:00, 07:00); after B and before A: [01:00, 09:00) + [23:00, 24:00). The two
    // differ on [00:00, 01:00) + [07:00, 09:00) + [23:00, 24:00) = 4 h whichever comes first, so
    // each of the 6 day pairs agrees on 20 of 24 h: SRI = 200 * 5/6 - 100 = 66.67 -> 66.7.
    const nights = Array.from({ length: 8 }, (_, i) => {
      const n = i - 1; // night -1 .. 6, night n starting on day n
      const day = Date.parse('2025-03-10T00:00:00Z') + n * DAY;
      return asleep(n % 2 === 0 ? day + 23 * HOUR : day + 25 * HOUR, 480);
    });
    const result = sleepRegularityIndex(nights, week);
    expect(result).toMatchObject({ sri: 66.7, validPairs: 17_280, agreements: 14_400 });
  });

  it('a Berlin week across the spring-forward night: the same local schedule gives 97.2', () => {
    // Window Mon 24 - Sun 30 March 2025, 167 h long (the 30th has 23 h); nights 23:00-07:00 local.
    // Pairs: t before 29 Mar 22:00Z (143 h = 17,160 pairs). In UTC the nights are 22:00-06:00
    // until the 29th, then 22:00-05:00 (29th-30th) and 21:00-... (30th). Pairs disagree on
    // [29th 05:00Z, 06:00Z) (asleep, then awake a day later) and [29th 21:00Z, 22:00Z) (awake,
    // then asleep): 2 h = 240 pairs. SRI = 200 * 16,920 / 17,160 - 100 = 97.203 -> 97.2.
    const zone = 'Europe/Berlin';
    const nights = [
      '2025-03-23',
      '2025-03-24',
      '2025-03-25',
      '2025-03-26',
      '2025-03-27',
      '2025-03-28',
      '2025-03-29',
      '2025-03-30',
    ].map((date) => {
      const start = Date.parse(`${date}T23:00:00${date >= '2025-03-30' ? '+02:00' : '+01:00'}`);
      const [y, m, d] = date.split('-').map(Number);
      const end = Date.parse(
        `${new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)}T07:00:00${date >= '2025-03-29' ? '+02:00' : '+01:00'}`,
      );
      return asleep(start, (end - start) / MIN, zone);
    });
    const result = sleepRegularityIndex(nights, {
      startDate: '2025-03-24',
      endDate: '2025-03-30',
      timezone: zone,
    });
    expect(result).toMatchObject({
      sri: 97.2,
      days: 7,
      trackedDays: 7,
      validPairs: 17_160,
      agreements: 16_920,
    });
  });

  it('wake inside a session and time outside sessions are wake; -1 is missing', () => {
    // Every night 00:00-08:00 asleep, except the Wednesday night has its first hour as -1.
    const nights = Array.from({ length: 7 }, (_, n) => {
      const start = Date.parse('2025-03-10T00:00:00Z') + n * DAY;
      const stages = stagesOf({ latencyMin: 0, trailingMin: 0, asleepMin: 480, pattern: 'l' });
      if (n === 2) stages.fill(-1, 0, 120);
      return nightRecord({ start: iso(start), stages });
    });
    const result = sleepRegularityIndex(nights, week);
    // 6 day pairs of 2880; the missing hour removes 120 pairs on each side of the Wednesday.
    expect(result).toMatchObject({
      sri: 100,
      validPairs: 6 * 2880 - 240,
      agreements: 6 * 2880 - 240,
    });
  });

  it('an untracked day is missing entirely; fewer than 5 tracked days or 7 days gives null', () => {
    const nightsOn = (days: number[]) =>
      days.map((d) => asleep(Date.parse('2025-03-10T01:00:00Z') + d * DAY, 420));
    const gap = sleepRegularityIndex(nightsOn([0, 1, 2, 4, 5, 6]), week);
    // Pairs touching Thursday (day 3) are invalid: days 2-3 and 3-4. 4 pairs of days remain.
    expect(gap).toMatchObject({ sri: 100, trackedDays: 6, validPairs: 4 * 2880 });
    expect(sleepRegularityIndex(nightsOn([0, 1, 2, 3]), week)).toMatchObject({
      sri: null,
      reason: 'too-few-tracked-days',
      trackedDays: 4,
    });
    expect(
      sleepRegularityIndex(nightsOn([0, 1, 2, 3, 4, 5]), { ...week, endDate: '2025-03-15' }),
    ).toMatchObject({
      sri: null,
      reason: 'window-too-short',
      days: 6,
    });
    expect(sleepRegularityIndex([], week)).toMatchObject({
      sri: null,
      reason: 'too-few-tracked-days',
    });
  });
});

describe('sleep regularity index, properties', () => {
  it('a perfectly regular week (each night exactly a day after the last) gives 100 in any zone', () => {
    const zones = [
      'UTC',
      'Asia/Seoul',
      'America/New_York',
      'Europe/Berlin',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 365 * 3 }),
        fc.integer({ min: 0, max: 2879 }),
        fc.array(fc.constantFrom(-1, 0, 1, 1, 2, 3), { minLength: 480, maxLength: 960 }),
        (zone, dayOffset, epochOffset, stages) => {
          const first =
            Date.parse('2024-01-01T00:00:00Z') + dayOffset * DAY + epochOffset * 30_000 - DAY;
          const nights = Array.from({ length: 10 }, (_, n) =>
            nightRecord({ start: iso(first + n * DAY), stages: [...stages], timezone: zone }),
          );
          const startDate = new Date(first + 2 * DAY).toISOString().slice(0, 10);
          const endDate = new Date(first + 8 * DAY).toISOString().slice(0, 10);
          const result = sleepRegularityIndex(nights, { startDate, endDate, timezone: zone });
          expect(result.sri === 100 || result.reason === 'no-valid-pairs').toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('alternating schedules shifted by s, D long, give 100 - 400 * min(s, D) / 2880', () => {
    // Nights lie inside their own UTC day (02:00 + at most 10 h + 10 h < 24:00), so each of the
    // 6 day pairs compares [a, a + D) with [a + s, a + s + D): they differ on 2 * min(s, D)
    // epochs of 2880. SRI = 200 * (2880 - 2m) / 2880 - 100 = 100 - 400m / 2880, m = min(s, D);
    // in tenths, (2,880,000 - 4000m) / 2880 rounded half to even.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 1, max: 1200 }),
        (shift, length) => {
          const nights = Array.from({ length: 7 }, (_, n) =>
            nightRecord({
              start: iso(Date.parse('2025-03-10T02:00:00Z') + n * DAY + (n % 2) * shift * 30_000),
              stages: new Array(length).fill(1),
            }),
          );
          const result = sleepRegularityIndex(nights, {
            startDate: '2025-03-10',
            endDate: '2025-03-16',
            timezone: 'UTC',
          });
          const m = Math.min(shift, length);
          expect(result.sri).toBe(divHalfEven(2_880_000 - 4000 * m, 2880) / 10);
          expect(result.validPairs).toBe(6 * 2880);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('sleep regularity index, pair counting', () => {
  /** The definition cell by cell: each cell's state, then every pair one day apart. */
  function referencePairs(nights: readonly NightRecord[], window: RegularityWindow) {
    const first = dayNumber(window.startDate);
    const days = dayNumber(window.endDate) - first + 1;
    const dayStarts = Array.from({ length: days + 1 }, (_, k) =>
      startOfLocalDay(dateOfDayNumber(first + k), window.timezone),
    );
    const cell = (ms: number) => Math.ceil((ms - dayStarts[0]) / 30_000);
    const states: (number | null)[] = new Array(cell(dayStarts[days])).fill(0);
    dayStarts.slice(0, days).forEach((start, k) => {
      const overlapped = nights.some(
        (n) => Date.parse(n.startTime) < dayStarts[k + 1] && Date.parse(n.endTime) > start,
      );
      if (!overlapped) states.fill(null, cell(start), cell(dayStarts[k + 1]));
    });
    for (const night of nights) {
      const startMs = Date.parse(night.startTime);
      for (
        let i = Math.max(0, cell(startMs));
        i < Math.min(states.length, cell(Date.parse(night.endTime)));
        i++
      ) {
        const stage =
          night.sleepStages?.[Math.floor((dayStarts[0] + i * 30_000 - startMs) / 30_000)];
        states[i] = stage === undefined || stage < 0 ? null : stage === 0 ? 0 : 1;
      }
    }
    let validPairs = 0;
    let agreements = 0;
    for (let i = 0; i + 2880 < states.length; i++) {
      if (states[i] === null || states[i + 2880] === null) continue;
      validPairs++;
      if (states[i] === states[i + 2880]) agreements++;
    }
    return { validPairs, agreements };
  }

  it('counts the valid pairs and agreements of the definition, whatever the length of the grid', () => {
    // Kathmandu moved from +05:30 to +05:45 on 1986-01-01: a day of 2850 cells, so the grid is not
    // a whole number of 4-cell words; Berlin and Lord Howe change by an hour and half an hour.
    const windows: RegularityWindow[] = [
      { startDate: '1985-12-27', endDate: '1986-01-04', timezone: 'Asia/Kathmandu' },
      { startDate: '2025-03-25', endDate: '2025-04-02', timezone: 'Europe/Berlin' },
      { startDate: '2025-04-01', endDate: '2025-04-10', timezone: 'Australia/Lord_Howe' },
      { startDate: '2025-03-10', endDate: '2025-04-09', timezone: 'Asia/Seoul' },
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...windows),
        fc.array(
          fc.record({
            day: fc.integer({ min: -1, max: 31 }),
            epoch: fc.integer({ min: 0, max: 2879 }),
            stages: fc.array(fc.constantFrom(-1, 0, 1, 2, 3), { minLength: 1, maxLength: 1200 }),
          }),
          { minLength: 5, maxLength: 20 },
        ),
        (window, specs) => {
          const origin = startOfLocalDay(window.startDate, window.timezone);
          const nights = specs.map(({ day, epoch, stages }) =>
            nightRecord({
              start: iso(origin + day * DAY + epoch * 30_000),
              stages,
              timezone: window.timezone,
            }),
          );
          const result = sleepRegularityIndex(nights, window);
          if (result.reason === 'too-few-tracked-days') return;
          expect({ validPairs: result.validPairs, agreements: result.agreements }).toEqual(
            referencePairs(nights, window),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
