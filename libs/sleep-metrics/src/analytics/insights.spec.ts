import { chronotype } from './chronotype';
import { evaluateInsights, shouldEmitInsight } from './insights';
import { periodOf } from './report-periods';
import { factsOf, NightShape } from '../test/facts';

const week = periodOf('week', '2025-03-10'); // 2025-W11, Mon 10 - Sun 16 March
const day = (d: number) => String(d).padStart(2, '0');
/** Nights of 9-16 March (sleep days 10-16... see start times) with per-night shapes. */
const nightsFrom = (shapes: NightShape[], bedtimes?: string[]) =>
  factsOf(
    'UTC',
    shapes.map(
      (shape, i) => [`2025-03-${day(9 + i)}T${bedtimes?.[i] ?? '23:00'}:00Z`, shape] as const,
    ),
  );
const normal: NightShape = { latencyMin: 10, asleepMin: 480, trailingMin: 5 };
const rules = (facts: ReturnType<typeof nightsFrom>, extra = {}) =>
  evaluateInsights({ userId: 'u1', period: week, facts, ...extra }).map((i) => i.rule);

describe('insights (analytics definitions, section 7)', () => {
  it('a steady good week says nothing', () => {
    expect(rules(nightsFrom(Array(7).fill(normal)))).toEqual([]);
  });

  it('short-sleep streak: 4 nights in a row under 7 h', () => {
    const short: NightShape = { ...normal, asleepMin: 360 };
    const facts = nightsFrom([normal, normal, short, short, short, short, normal]);
    const [found] = evaluateInsights({ userId: 'u1', period: week, facts });
    expect(found).toEqual({
      id: 'short-sleep-streak:u1:2025-W11',
      rule: 'short-sleep-streak',
      severity: 'notice',
      userId: 'u1',
      periodKey: '2025-W11',
      text: 'You slept less than 7 h on 4 nights in a row, 6 h 00 min on average.',
      numbers: { nights: 4, averageTimeInSleep: 21_600, rangeMin: 25_200 },
      sessionIds: facts.slice(2, 6).map((f) => f.sessionId),
    });
    // Two short nights, a gap, two more: no streak of 3.
    expect(rules(nightsFrom([short, short, normal, short, short, normal, normal]))).toEqual([]);
  });

  it('latency worsening: a significant rise over 7 nights (S = 21, p = 0.0027)', () => {
    const facts = nightsFrom(
      [10, 14, 18, 22, 26, 29, 32].map((latencyMin) => ({ ...normal, latencyMin })),
    );
    const found = evaluateInsights({ userId: 'u1', period: week, facts });
    // Falling asleep later each night also moves sleep onset (sleep_time) later.
    expect(found.map((i) => i.rule)).toEqual(['latency-worsening', 'bedtime-drifting-later']);
    // Theil-Sen: median pairwise slope 3.7 min/day (pairs of the 7 latencies), ~26 min per week.
    expect(found[0].numbers).toMatchObject({ nights: 7, pValue: 0.0027 });
    expect(found[0].text).toMatch(
      /^Over your last 7 nights, the time you took to fall asleep rose by about \d+ min per week\.$/,
    );
  });

  it('low efficiency on 4 of the last 7 nights', () => {
    // 90 min to fall asleep, 7 h asleep: 420 / 515 = 0.82.
    const poor: NightShape = { latencyMin: 90, asleepMin: 420, trailingMin: 5 };
    const facts = nightsFrom([poor, normal, poor, normal, poor, normal, poor]);
    const found = evaluateInsights({ userId: 'u1', period: week, facts });
    expect(found.map((i) => i.rule)).toEqual(['low-efficiency']);
    expect(found[0]).toMatchObject({
      severity: 'notice',
      numbers: { lowNights: 4, nights: 7 },
      text: 'On 4 of your last 7 nights you were asleep for less than 85 % of your time in bed.',
    });
    expect(rules(nightsFrom([poor, normal, poor, normal, poor, normal, normal]))).toEqual([]);
  });

  it('irregular schedule below SRI 60, weekend catch-up from 1 h of social jet lag', () => {
    const facts = nightsFrom(Array(7).fill(normal));
    expect(rules(facts, { sri: 59.9 })).toEqual(['irregular-schedule']);
    expect(rules(facts, { sri: 60 })).toEqual([]);
    // Work nights at 23:00, free nights (Sat/Sun sleep days) at 00:30: MSF 1 h 30 min later.
    const c = chronotype(
      factsOf('UTC', [
        ['2025-03-09T23:00:00Z', normal],
        ['2025-03-10T23:00:00Z', normal],
        ['2025-03-11T23:00:00Z', normal],
        ['2025-03-15T00:30:00Z', normal],
        ['2025-03-16T00:30:00Z', normal],
      ]),
    );
    const found = evaluateInsights({ userId: 'u1', period: week, facts, chronotype: c });
    expect(found.map((i) => i.rule)).toEqual(['weekend-catch-up']);
    expect(found[0].text).toBe(
      'The middle of your sleep on free days was 1 h 30 min later than on work days.',
    );
  });

  it('bedtime drifting later: a significant rise of sleep onset across midnight', () => {
    const bedtimes = ['22:30', '22:50', '23:10', '23:30', '23:50'];
    const facts = factsOf('UTC', [
      ...bedtimes.map((t, i) => [`2025-03-${day(9 + i)}T${t}:00Z`, normal] as const),
      ['2025-03-15T00:10:00Z', normal],
      ['2025-03-16T00:30:00Z', normal],
    ]);
    const found = evaluateInsights({ userId: 'u1', period: week, facts });
    expect(found.map((i) => i.rule)).toEqual(['bedtime-drifting-later']);
    // 20 min later every night = 140 min per week.
    expect(found[0].numbers.slopeSecondsPerWeek).toBe(8400);
    expect(found[0].text).toBe(
      'Over your last 7 nights, the time you fell asleep moved later by about 2 h 20 min per week.',
    );
  });
});

describe('insight cool-down', () => {
  const DAY = 86_400_000;
  const now = Date.parse('2025-03-17T08:00:00Z');
  const candidate = {
    id: 'low-efficiency:u1:2025-W11',
    rule: 'low-efficiency' as const,
    severity: 'notice' as const,
  };
  it.each([
    ['first time', null, true],
    ['same id again', { id: candidate.id, severity: 'notice', emittedAtMs: now - 30 * DAY }, false],
    [
      'same id, severity rose',
      { id: candidate.id, severity: 'info', emittedAtMs: now - DAY },
      true,
    ],
    [
      'other period inside the 7-day cool-down',
      { id: 'low-efficiency:u1:2025-W10', severity: 'notice', emittedAtMs: now - 6 * DAY },
      false,
    ],
    [
      'other period after the cool-down',
      { id: 'low-efficiency:u1:2025-W10', severity: 'notice', emittedAtMs: now - 7 * DAY },
      true,
    ],
    [
      'lower severity than last, inside',
      { id: 'low-efficiency:u1:2025-W10', severity: 'warning', emittedAtMs: now - 3 * DAY },
      false,
    ],
  ] as const)('%s -> %s', (_label, last, expected) => {
    expect(shouldEmitInsight(candidate, last, now)).toBe(expected);
  });
});
