import { AverageStatsResultSchema, type AverageStats } from '@sleep/contracts';
import { computeAverageStats, validateAverageStatsRequest } from './average-stats';
import { deriveNightFacts } from './night-facts';
import { factsOf, nightRecord, stagesOf } from '../test/facts';

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

describe('A1 request rules', () => {
  it.each([
    [{ start_date: '2025-01-01', end_date: '2025-04-10' }, true], // 100 days, both ends
    [{ start_date: '2025-01-01', end_date: '2025-04-11' }, 'end_date'], // 101 days
    [{ start_date: '2025-01-05', end_date: '2025-01-04' }, 'end_date'],
    [{ start_date: '2025-02-30', end_date: '2025-03-04' }, 'start_date'],
    [{ start_date: '2025-01-01', end_date: 'tomorrow' }, 'end_date'],
    [{ end_date: '2025-01-01' }, 'start_date'],
    [{ start_date: '2025-01-01', end_date: '2025-01-01', timezone: 'Mars/Base' }, 'timezone'],
    [{ start_date: '2025-01-01', end_date: '2025-01-01', timezone: '+09:00' }, 'timezone'],
    [{ start_date: '2025-01-01', end_date: '2025-01-01', timezone: 42 }, 'timezone'],
    [{ start_date: '2025-01-01', end_date: '2025-01-01', timezone: 'Asia/Seoul' }, true],
  ])('%j -> %s', (input, expected) => {
    const check = validateAverageStatsRequest(input);
    if (expected === true) expect(check.ok).toBe(true);
    else expect(check).toMatchObject({ ok: false, field: expected });
  });

  it('defaults the zone to UTC and says why a window is refused', () => {
    expect(
      validateAverageStatsRequest({ start_date: '2025-01-01', end_date: '2025-01-02' }),
    ).toEqual({
      ok: true,
      request: { startDate: '2025-01-01', endDate: '2025-01-02', timezone: 'UTC' },
    });
    const check = validateAverageStatsRequest({ start_date: '2025-01-01', end_date: '2025-06-01' });
    expect(check.ok || check.message).toMatch(/100 days/);
  });
});

describe('average stats (analytics definitions, section 3)', () => {
  const zone = 'Asia/Seoul';
  // Three slept nights starting 23:30, 00:30 (next date) and 23:00; one never-slept; one stat-less.
  const records = [
    nightRecord({
      id: 'n1',
      start: '2025-03-10T23:30:00+09:00',
      timezone: zone,
      stages: stagesOf({ latencyMin: 10, asleepMin: 420, trailingMin: 5 }),
    }),
    nightRecord({
      id: 'n2',
      start: '2025-03-12T00:30:00+09:00',
      timezone: zone,
      stages: stagesOf({ latencyMin: 21, asleepMin: 400, trailingMin: 0, pattern: 'lldrw' }),
    }),
    nightRecord({
      id: 'n3',
      start: '2025-03-12T23:00:00+09:00',
      timezone: zone,
      stages: stagesOf({ latencyMin: 5, asleepMin: 480, trailingMin: 12 }),
    }),
    nightRecord({
      id: 'never',
      start: '2025-03-11T23:00:00+09:00',
      timezone: zone,
      stages: new Array(120).fill(0),
    }),
    nightRecord({
      id: 'short',
      start: '2025-03-11T21:00:00+09:00',
      timezone: zone,
      stages: stagesOf({ asleepMin: 10 }),
      withoutStat: true,
    }),
  ];
  const facts = deriveNightFacts(records);
  const request = { startDate: '2025-03-10', endDate: '2025-03-12', timezone: zone };

  it('has the A1 result shape, parses with the contract schema and lists sessions by start', () => {
    const result = computeAverageStats(facts, request);
    expect(AverageStatsResultSchema.parse(result)).toBeTruthy();
    expect(result.period).toEqual({
      timezone: zone,
      start_date: '2025-03-10',
      end_date: '2025-03-12',
    });
    expect(result.slept_sessions.map((s) => s.id)).toEqual(['n1', 'n2', 'n3']);
    expect(result.never_slept_sessions.map((s) => s.id)).toEqual(['never']);
    expect(result.slept_sessions[0]).toMatchObject({
      created_timezone: zone,
      start_time: '2025-03-10T23:30:00+09:00',
      sleep_time: '2025-03-10T23:40:00+09:00',
    });
    expect(result.peculiarities).toEqual([]);
  });

  it('averages by hand: whole seconds half to even, ratios to 3 dp, circular times', () => {
    const stats = facts
      .filter((f) => ['n1', 'n2', 'n3'].includes(f.sessionId))
      .map((f) => must(f.stat));
    const a = must(computeAverageStats(facts, request).average_stats);
    // Latencies 600, 1260, 300: mean 720.
    expect(stats.map((s) => s.sleep_latency)).toEqual([600, 1260, 300]);
    expect(a.sleep_latency).toBe(720);
    // Time in bed 26100, 25260, 29820 -> 81180 / 3 = 27060.
    expect(a.time_in_bed).toBe(27060);
    // Efficiency: exact sum of the 2-dp ratios / 3, to 3 dp half even.
    const eff = stats.map((s) => Math.round(s.sleep_efficiency * 100));
    const sum = eff.reduce((x, y) => x + y, 0);
    expect(a.sleep_efficiency).toBe(Math.round((sum * 10) / 3) / 1000);
    // Start times -30, +30, -60 min around midnight: angles -7.5, 7.5, -15 degrees;
    // atan2(-sin 15, 2 cos 7.5 + cos 15) = -5.0160 degrees = -1203.85 s -> 23:39:56 (the
    // arithmetic mean would say 23:40:00; noon would be the naive answer).
    expect(a.start_time).toBe('23:39:56');
    expect(a.breathing_index).toBeNull();
    expect(a.waso_count).toBe(Math.round(stats.reduce((t, s) => t + s.waso_count, 0) / 3));
  });

  it('rounds means half to even: 25000.5 -> 25000, 25001.5 -> 25002; 0.8125 -> 0.812', () => {
    const base = deriveNightFacts([
      nightRecord({ start: '2025-03-10T23:00:00Z', stages: stagesOf() }),
      nightRecord({ start: '2025-03-11T23:00:00Z', stages: stagesOf() }),
    ]);
    const withBeds = (b1: number, b2: number, e1: number, e2: number) =>
      computeAverageStats(
        base.map((fact, i) => ({
          ...fact,
          stat: {
            ...must(fact.stat),
            time_in_bed: i === 0 ? b1 : b2,
            sleep_efficiency: i === 0 ? e1 : e2,
          },
        })),
        { startDate: '2025-03-10', endDate: '2025-03-11', timezone: 'UTC' },
      ).average_stats as AverageStats;
    expect(withBeds(25000, 25001, 0.81, 0.815).time_in_bed).toBe(25000);
    expect(withBeds(25001, 25002, 0.81, 0.815).time_in_bed).toBe(25002);
    // (0.81 + 0.815) / 2 = 0.8125 exactly: half to even gives 0.812 (a float round would too, or not).
    expect(withBeds(25001, 25002, 0.81, 0.815).sleep_efficiency).toBe(0.812);
    // (0.81 + 0.82) / 2 = 0.815: already 3 dp.
    expect(withBeds(25001, 25002, 0.81, 0.82).sleep_efficiency).toBe(0.815);
  });

  it('buckets by start date in the requested zone (S2 rule), not by sleep day', () => {
    // n2 starts 00:30 on the 12th in Seoul = 15:30 UTC on the 11th.
    const utc = computeAverageStats(facts, {
      startDate: '2025-03-11',
      endDate: '2025-03-11',
      timezone: 'UTC',
    });
    expect(utc.slept_sessions.map((s) => s.id)).toEqual(['n2']);
    expect(utc.slept_sessions[0].start_time).toBe('2025-03-11T15:30:00+00:00');
  });

  it('a 0-night window: null averages, empty lists', () => {
    const result = computeAverageStats(facts, {
      startDate: '2025-04-01',
      endDate: '2025-04-02',
      timezone: zone,
    });
    expect(result).toMatchObject({
      average_stats: null,
      slept_sessions: [],
      never_slept_sessions: [],
    });
    expect(result.peculiarities).toEqual(['NO_BREATHING_STABILITY']);
  });

  it('a 1-night window: the averages are the night itself', () => {
    const one = factsOf('UTC', [['2025-03-10T23:00:00Z']]);
    const a = computeAverageStats(one, {
      startDate: '2025-03-10',
      endDate: '2025-03-10',
      timezone: 'UTC',
    }).average_stats as AverageStats;
    const s = must(one[0].stat);
    expect(a).toMatchObject({
      start_time: '23:00:00',
      sleep_time: '23:10:00',
      time_in_sleep: s.time_in_sleep,
      sleep_efficiency: s.sleep_efficiency,
      light_ratio: s.light_ratio,
    });
  });

  it('times whose vectors cancel average to null', () => {
    const facts2 = deriveNightFacts([
      nightRecord({ start: '2025-03-10T06:00:00Z', stages: stagesOf({ asleepMin: 200 }) }),
      nightRecord({ start: '2025-03-10T18:00:00Z', stages: stagesOf({ asleepMin: 200 }) }),
    ]);
    const a = computeAverageStats(facts2, {
      startDate: '2025-03-10',
      endDate: '2025-03-10',
      timezone: 'UTC',
    }).average_stats as AverageStats;
    expect(a.start_time).toBeNull();
  });
});
