import { StatSchema } from '@sleep/contracts';
import fc from 'fast-check';
import { formatInstant } from './format-instant';
import { computeNightStats, NightStats } from './night-stats';
import { hundredthsHalfEven } from './rounding';
import { toAsleepStat } from './to-asleep-stat';
import { instantMs, nightArb, RUNS, ZONES } from '../test/night-arbitrary';

describe('rendering and shift properties', () => {
  it('rendering in any two zones yields the same instants and a valid Asleep stat', () => {
    fc.assert(
      fc.property(
        nightArb,
        fc.constantFrom(...ZONES),
        fc.constantFrom(...ZONES),
        (input, zoneA, zoneB) => {
          const s = computeNightStats(input);
          const a = toAsleepStat(s, { timezone: zoneA, sleepIndex: 50 });
          const b = toAsleepStat(s, { timezone: zoneB, sleepIndex: 50 });
          expect(StatSchema.parse(a)).toStrictEqual(a);
          const instants = (stat: typeof a) =>
            [stat.sleep_time, stat.wake_time, ...(stat.sleep_cycle_time ?? [])].map((t) =>
              Date.parse(t ?? ''),
            );
          expect(instants(a)).toEqual(instants(b));
          expect(instants(a)[0]).toBe(Math.floor(s.sleepTimeMs / 1000) * 1000);
          expect({ ...a, sleep_time: 0, wake_time: 0, sleep_cycle_time: 0 }).toEqual({
            ...b,
            sleep_time: 0,
            wake_time: 0,
            sleep_cycle_time: 0,
          });
        },
      ),
      RUNS,
    );
  });

  it('formatInstant round-trips through Date.parse in any zone', () => {
    fc.assert(
      fc.property(instantMs, fc.constantFrom(...ZONES), (ms, zone) => {
        const text = formatInstant(ms, zone);
        expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
        expect(Date.parse(text)).toBe(Math.floor(ms / 1000) * 1000);
      }),
      RUNS,
    );
  });

  it('depends on the start instant only through shifted datetimes', () => {
    const instants: (keyof NightStats)[] = [
      'startMs',
      'endMs',
      'sleepTimeMs',
      'wakeTimeMs',
      'sleepCycleTimesMs',
    ];
    const withoutInstants = (s: NightStats) => ({
      ...s,
      ...Object.fromEntries(instants.map((k) => [k, 0])),
    });
    fc.assert(
      fc.property(
        nightArb,
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        (input, shift) => {
          const a = computeNightStats(input);
          const b = computeNightStats({
            ...input,
            startMs: input.startMs + shift,
            endMs: input.endMs + shift,
          });
          expect(withoutInstants(b)).toEqual(withoutInstants(a));
          expect(b.sleepTimeMs - a.sleepTimeMs).toBe(shift);
          expect(b.wakeTimeMs - a.wakeTimeMs).toBe(shift);
          expect(b.sleepCycleTimesMs.map((ms) => ms - shift)).toEqual(a.sleepCycleTimesMs);
        },
      ),
      RUNS,
    );
  });
});

describe('hundredths rounding properties', () => {
  it('matches an exact BigInt reference of half-to-even', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.nat(), (den, seed) => {
        const num = seed % (den + 1);
        const scaled = BigInt(num) * 100n;
        const q = scaled / BigInt(den);
        const twice = (scaled - q * BigInt(den)) * 2n;
        const expected =
          twice > BigInt(den) || (twice === BigInt(den) && q % 2n === 1n) ? q + 1n : q;
        expect(hundredthsHalfEven(num, den)).toBe(Number(expected));
      }),
      RUNS,
    );
  });
});
