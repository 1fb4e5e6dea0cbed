import { deriveNightFacts, isNap, isSlept, sleepDayOf } from './night-facts';
import { nightRecord, stagesOf } from '../test/facts';

const ms = Date.parse;

describe('sleep day (analytics definitions, section 2)', () => {
  it('a night from 23:00 Monday to 07:00 Tuesday is Tuesday', () => {
    expect(
      sleepDayOf(ms('2025-03-10T23:00:00+01:00'), ms('2025-03-11T07:00:00+01:00'), 'Europe/Berlin'),
    ).toBe('2025-03-11');
  });

  it('noon anchor: the date of the start moved back 12 h', () => {
    const zone = 'Europe/Berlin';
    expect(
      sleepDayOf(
        ms('2025-03-10T23:00:00+01:00'),
        ms('2025-03-11T07:00:00+01:00'),
        zone,
        'noon-anchor',
      ),
    ).toBe('2025-03-10');
    // 01:30 Tuesday moved back 12 h is 13:30 Monday.
    expect(
      sleepDayOf(
        ms('2025-03-11T01:30:00+01:00'),
        ms('2025-03-11T09:00:00+01:00'),
        zone,
        'noon-anchor',
      ),
    ).toBe('2025-03-10');
    // 12:00 exactly moved back is 00:00 the same day.
    expect(
      sleepDayOf(
        ms('2025-03-11T12:00:00+01:00'),
        ms('2025-03-11T13:00:00+01:00'),
        zone,
        'noon-anchor',
      ),
    ).toBe('2025-03-11');
  });

  it('is DST-safe: the Berlin spring-forward night (2025-03-30, 02:00 -> 03:00)', () => {
    const start = ms('2025-03-29T23:00:00+01:00');
    const end = ms('2025-03-30T07:00:00+02:00'); // 7 h in bed, not 8
    expect((end - start) / 3600_000).toBe(7);
    expect(sleepDayOf(start, end, 'Europe/Berlin')).toBe('2025-03-30');
    expect(sleepDayOf(start, end, 'Europe/Berlin', 'noon-anchor')).toBe('2025-03-29');
    // Noon anchor across the jump: 11:30 CEST on the 30th minus 12 h is 22:30 CET on the 29th
    // (adding wall hours would say 23:30).
    expect(
      sleepDayOf(
        ms('2025-03-30T11:30:00+02:00'),
        ms('2025-03-30T12:00:00+02:00'),
        'Europe/Berlin',
        'noon-anchor',
      ),
    ).toBe('2025-03-29');
  });

  it('a night across midnight on New Year belongs to the new year', () => {
    expect(
      sleepDayOf(ms('2025-12-31T23:30:00+09:00'), ms('2026-01-01T07:00:00+09:00'), 'Asia/Seoul'),
    ).toBe('2026-01-01');
    expect(
      sleepDayOf(
        ms('2025-12-31T23:30:00+09:00'),
        ms('2026-01-01T07:00:00+09:00'),
        'Asia/Seoul',
        'noon-anchor',
      ),
    ).toBe('2025-12-31');
  });

  it('reads the date in the zone, not in UTC', () => {
    // 07:00 in Seoul on the 11th is 22:00 UTC on the 10th.
    expect(sleepDayOf(ms('2025-03-10T14:00:00Z'), ms('2025-03-10T22:00:00Z'), 'Asia/Seoul')).toBe(
      '2025-03-11',
    );
    expect(sleepDayOf(ms('2025-03-10T14:00:00Z'), ms('2025-03-10T22:00:00Z'), 'UTC')).toBe(
      '2025-03-10',
    );
  });
});

describe('naps', () => {
  const zone = 'Asia/Seoul';
  it.each([
    ['14:00, 90 min', '2025-03-10T14:00:00+09:00', 90, true],
    ['09:00 sharp, 1 h', '2025-03-10T09:00:00+09:00', 60, true],
    ['18:59, 1 h', '2025-03-10T18:59:00+09:00', 60, true],
    ['08:59, 1 h', '2025-03-10T08:59:00+09:00', 60, false],
    ['19:00 sharp, 1 h', '2025-03-10T19:00:00+09:00', 60, false],
    ['14:00, exactly 3 h', '2025-03-10T14:00:00+09:00', 180, false],
    ['14:00, 2 h 59 min', '2025-03-10T14:00:00+09:00', 179, true],
    ['23:00, 1 h', '2025-03-10T23:00:00+09:00', 60, false],
  ])('%s -> nap %s', (_label, start, minutes, expected) => {
    const startMs = ms(start as string);
    expect(isNap(startMs, startMs + (minutes as number) * 60_000, zone)).toBe(expected);
  });
});

describe('main sleep', () => {
  const zone = 'Europe/Berlin';
  it('the longest non-nap night of a sleep day is main; others are extra; naps never are', () => {
    const first = nightRecord({
      id: 'a',
      start: '2025-03-10T22:00:00+01:00',
      stages: stagesOf({ asleepMin: 200 }),
      timezone: zone,
    });
    const second = nightRecord({
      id: 'b',
      start: '2025-03-11T02:30:00+01:00',
      stages: stagesOf({ asleepMin: 260 }),
      timezone: zone,
    });
    const nap = nightRecord({
      id: 'c',
      start: '2025-03-11T14:00:00+01:00',
      stages: stagesOf({ asleepMin: 100 }),
      timezone: zone,
    });
    const facts = deriveNightFacts([first, second, nap]);
    expect(facts.map((f) => [f.sessionId, f.sleepDay, f.nap, f.mainSleep])).toEqual([
      ['a', '2025-03-11', false, false],
      ['b', '2025-03-11', false, true],
      ['c', '2025-03-11', true, false],
    ]);
  });

  it('ties break on time in bed, then the earlier start, whatever the input order', () => {
    const a = nightRecord({
      id: 'a',
      start: '2025-03-10T21:00:00+01:00',
      stages: stagesOf({ asleepMin: 200, latencyMin: 30 }),
      timezone: zone,
    });
    const b = nightRecord({
      id: 'b',
      start: '2025-03-11T02:00:00+01:00',
      stages: stagesOf({ asleepMin: 200 }),
      timezone: zone,
    });
    const c = nightRecord({
      id: 'c',
      start: '2025-03-11T00:50:00+01:00',
      stages: stagesOf({ asleepMin: 200 }),
      timezone: zone,
    });
    for (const order of [
      [a, b, c],
      [c, b, a],
      [b, a, c],
    ]) {
      const main = deriveNightFacts(order)
        .filter((f) => f.mainSleep)
        .map((f) => f.sessionId);
      expect(main).toEqual(['a']);
    }
    const main = deriveNightFacts([b, c])
      .filter((f) => f.mainSleep)
      .map((f) => f.sessionId);
    expect(main).toEqual(['c']);
  });

  it('keeps users apart and honours a tenant zone override', () => {
    const u1 = nightRecord({
      userId: 'u1',
      start: '2025-03-10T22:00:00Z',
      stages: stagesOf(),
      timezone: 'UTC',
    });
    const u2 = nightRecord({
      userId: 'u2',
      start: '2025-03-10T22:00:00Z',
      stages: stagesOf(),
      timezone: 'UTC',
    });
    expect(deriveNightFacts([u1, u2]).every((f) => f.mainSleep)).toBe(true);
    expect(deriveNightFacts([u1], { timezone: 'America/Los_Angeles' })[0].sleepDay).toBe(
      '2025-03-10',
    );
  });

  it('never-slept and stat-less nights are tracked but not slept', () => {
    const never = nightRecord({ start: '2025-03-10T22:00:00Z', stages: new Array(100).fill(0) });
    expect(never.peculiarities).toEqual(['NEVER_SLEPT']);
    expect(isSlept(never)).toBe(false);
    expect(
      isSlept(
        nightRecord({ start: '2025-03-10T22:00:00Z', stages: stagesOf(), withoutStat: true }),
      ),
    ).toBe(false);
    expect(isSlept(nightRecord({ start: '2025-03-10T22:00:00Z', stages: stagesOf() }))).toBe(true);
  });
});
