import { buildSleepReport } from './sleep-report';
import { periodOf } from './report-periods';
import { deriveNightFacts } from './night-facts';
import { nightRecord, stagesOf } from '../test/facts';

const day = (d: number) => String(d).padStart(2, '0');
const normal = { latencyMin: 10, asleepMin: 480, trailingMin: 5 };
const shorter = { latencyMin: 10, asleepMin: 420, trailingMin: 5 };

describe('weekly report, golden week 2025-W11 against 2025-W10', () => {
  const records = [
    // W10: nights starting 2-6 March 23:00 (sleep days Mon 3 - Fri 7), 7 h asleep.
    ...[2, 3, 4, 5, 6].map((d) =>
      nightRecord({ id: `p${d}`, start: `2025-03-${day(d)}T23:00:00Z`, stages: stagesOf(shorter) }),
    ),
    // W11: nights starting 9-15 March 23:00 (sleep days Mon 10 - Sun 16), 8 h asleep.
    ...[9, 10, 11, 12, 13, 14, 15].map((d) =>
      nightRecord({ id: `c${d}`, start: `2025-03-${day(d)}T23:00:00Z`, stages: stagesOf(normal) }),
    ),
    // A never-slept evening session on the 12th and a one-hour nap on the 13th.
    nightRecord({ id: 'never', start: '2025-03-12T20:00:00Z', stages: new Array(120).fill(0) }),
    nightRecord({
      id: 'nap',
      start: '2025-03-13T14:00:00Z',
      stages: stagesOf({ latencyMin: 0, asleepMin: 60, trailingMin: 0 }),
    }),
    // The first night of W12, for the SRI's last evening only.
    nightRecord({ id: 'next', start: '2025-03-16T23:00:00Z', stages: stagesOf(normal) }),
  ];
  const facts = deriveNightFacts(records);
  const scores: Record<string, number> = {
    c9: 80,
    c10: 85,
    c11: 90,
    c12: 70,
    c13: 90,
    c14: 75,
    c15: 60,
    p2: 70,
    p3: 70,
    p4: 70,
    p5: 70,
    p6: 70,
  };
  const report = buildSleepReport({
    userId: 'u1',
    period: periodOf('week', '2025-03-12'),
    timezone: 'UTC',
    facts,
    scores,
  });

  it('counts, averages, scores and best/worst nights', () => {
    expect(report).toMatchObject({
      id: 'week:u1:2025-W11',
      period: {
        kind: 'week',
        key: '2025-W11',
        startDate: '2025-03-10',
        endDate: '2025-03-16',
        timezone: 'UTC',
      },
      nightsTracked: 8, // 7 nights + the never-slept one; the nap is left out
      nightsSlept: 7,
      averages: {
        timeInSleep: 28_800,
        sleepLatency: 600,
        timeInWake: 0,
        timeInBed: 29_700,
        sleepEfficiency: 0.97, // 28800 / 29700 = 0.9697 -> Asleep's 0.97 each night
        sleepTime: '23:10:00',
        wakeTime: '07:10:00',
      },
      meanScore: 78.6, // 550 / 7 = 78.57
      bestNight: { sessionId: 'c11', sleepDay: '2025-03-12', score: 90 }, // earlier of two 90s
      worstNight: { sessionId: 'c15', sleepDay: '2025-03-16', score: 60 },
      socialJetLagMinutes: 0,
    });
  });

  it('SRI: the nap differs from the days around it', () => {
    // 6 day pairs of 2880; the 1 h nap on the 13th disagrees with the 12th and the 14th:
    // 240 pairs. SRI = 200 * 17,040 / 17,280 - 100 = 97.22 -> 97.2.
    expect(report.sri).toBe(97.2);
    // W10: days 8 and 9 untracked... except the 9th, which the night starting 9 March 23:00
    // overlaps. Valid day pairs 3-4 .. 6-7 (4 x 2880); the 6th's evening (23:10-24:00, 100 epochs)
    // has no counterpart on the 7th. SRI = 200 * 11,420 / 11,520 - 100 = 98.26 -> 98.3.
    expect(report.previous.sri).toBe(98.3);
  });

  it('changes against the previous week, absolute and %', () => {
    expect(report.previous).toMatchObject({
      nightsTracked: 5,
      nightsSlept: 5,
      meanScore: 70,
      socialJetLagMinutes: null,
    });
    expect(report.changes).toMatchObject({
      nightsSlept: { current: 7, previous: 5, absolute: 2, percent: 40 },
      timeInSleep: { current: 28_800, previous: 25_200, absolute: 3600, percent: 14.3 },
      meanScore: { current: 78.6, previous: 70, absolute: 8.6, percent: 12.3 },
      sri: { current: 97.2, previous: 98.3, absolute: -1.1, percent: -1.1 },
      socialJetLagMinutes: { current: 0, previous: null, absolute: null, percent: null },
      timeInWake: { current: 0, previous: 0, absolute: 0, percent: null },
    });
    expect(report.sleepTimeShiftMinutes).toBe(0);
  });

  it('naps count when asked for', () => {
    const withNaps = buildSleepReport({
      userId: 'u1',
      period: periodOf('week', '2025-03-12'),
      timezone: 'UTC',
      facts,
      scores,
      includeNaps: true,
    });
    expect(withNaps).toMatchObject({ nightsTracked: 9, nightsSlept: 8 });
  });

  it('a 0-night week and a 1-night month', () => {
    const empty = buildSleepReport({
      userId: 'u1',
      period: periodOf('week', '2025-05-01'),
      timezone: 'UTC',
      facts,
      scores,
    });
    expect(empty).toMatchObject({
      nightsTracked: 0,
      nightsSlept: 0,
      meanScore: null,
      sri: null,
      bestNight: null,
      worstNight: null,
      averages: { timeInSleep: null, sleepTime: null },
    });
    const one = deriveNightFacts([
      nightRecord({
        id: 'ny',
        start: '2025-12-31T23:30:00+09:00',
        timezone: 'Asia/Seoul',
        stages: stagesOf(normal),
      }),
    ]);
    // A New Year's Eve night in Seoul belongs to January 2026.
    const january = buildSleepReport({
      userId: 'u1',
      period: periodOf('month', one[0].sleepDay),
      timezone: 'Asia/Seoul',
      facts: one,
      scores: { ny: 88 },
    });
    expect(january).toMatchObject({
      id: 'month:u1:2026-01',
      nightsSlept: 1,
      meanScore: 88,
      bestNight: { sessionId: 'ny', score: 88 },
      worstNight: { sessionId: 'ny', score: 88 },
      averages: { sleepTime: '23:40:00', timeInSleep: 28_800 },
      sri: null,
    });
  });
});
