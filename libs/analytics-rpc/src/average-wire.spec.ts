import type { AverageStatsResult, Stat } from '@sleep/contracts';
import { sampleStatUtc } from '@sleep/contracts/testing';
import { type AverageNight, computeAverageStats } from '@sleep/sleep-metrics';
import { packAverage, RATIO_INDEXES, SLEPT_SESSION_KEYS, unpackAverage } from './average-wire';

/** The stat with its keys in the order analytics reads them from the store (jsonb's). */
const storedOrder = (stat: Stat): Stat =>
  Object.fromEntries(
    SLEPT_SESSION_KEYS.slice(5).map((key) => [key, stat[key as keyof Stat]]),
  ) as unknown as Stat;

const night = (day: number, stat: Stat | null): AverageNight => {
  const shift = (iso: string) =>
    new Date(Date.parse(iso) + day * 86_400_000).toISOString().replace('.000Z', '+00:00');
  const shifted =
    stat === null
      ? null
      : ({
          ...stat,
          sleep_time: shift(stat.sleep_time as string),
          wake_time: shift(stat.wake_time as string),
          sleep_cycle_time: (stat.sleep_cycle_time ?? []).map(shift),
        } as Stat);
  return {
    sessionId: `s${day}`,
    startTime: shift('2025-03-10T14:00:00+00:00'),
    endTime: shift('2025-03-10T16:01:00+00:00'),
    completedTime: null,
    timezone: 'Asia/Seoul',
    peculiarities: [],
    stat: shifted,
  };
};

const answerOf = (nights: AverageNight[]) =>
  computeAverageStats(nights, {
    startDate: '2025-03-01',
    endDate: '2025-03-31',
    timezone: 'Asia/Seoul',
  });

describe('packed A1 answers (averagePackedV2)', () => {
  it('sends slept sessions as their values and unpacks to the same bytes', () => {
    const answer = answerOf(
      Array.from({ length: 10 }, (_, day) => night(day, storedOrder(sampleStatUtc as Stat))),
    );
    expect(answer.slept_sessions).toHaveLength(10);
    expect(Object.keys(answer.slept_sessions[0])).toEqual(SLEPT_SESSION_KEYS);
    const packed = packAverage(answer);
    expect(packed.slept_sessions.every(Array.isArray)).toBe(true);
    const sent = JSON.stringify(packed);
    expect(sent.length).toBeLessThan(JSON.stringify(answer).length / 2);
    const unpacked = unpackAverage(JSON.parse(sent));
    expect(JSON.stringify(unpacked)).toBe(JSON.stringify(answer));
    expect(unpacked).toStrictEqual(answer);
  });

  it('sends the ratios as whole thousandths', () => {
    const answer = answerOf([night(0, storedOrder(sampleStatUtc as Stat))]);
    const [packed] = packAverage(answer).slept_sessions as unknown[][];
    expect(RATIO_INDEXES.map((index) => SLEPT_SESSION_KEYS[index]).sort()).toEqual(
      [
        'breathing_index',
        'deep_ratio',
        'light_ratio',
        'no_snoring_ratio',
        'rem_ratio',
        'sleep_efficiency',
        'sleep_ratio',
        'snoring_ratio',
        'stable_breath_ratio',
        'unstable_breath_ratio',
        'wake_ratio',
      ].sort(),
    );
    const sent = (key: keyof Stat) => packed[SLEPT_SESSION_KEYS.indexOf(key)];
    expect([sent('sleep_efficiency'), sent('wake_ratio'), sent('rem_ratio')]).toEqual([
      820, 50, 180,
    ]);
    expect([sent('breathing_index'), sent('time_in_bed')]).toEqual([null, 7260]);
  });

  it('unpacks ratios that are not whole thousandths, or not numbers, to the same bytes', () => {
    const odd = {
      ...storedOrder(sampleStatUtc as Stat),
      sleep_efficiency: 0.8215,
      wake_ratio: 1 / 3,
      sleep_ratio: 1,
      light_ratio: 0,
      deep_ratio: -0.001,
      rem_ratio: 1e300,
      snoring_ratio: '0.04',
      no_snoring_ratio: [0.96],
    } as unknown as Stat;
    const answer = answerOf([night(0, odd), night(1, storedOrder(sampleStatUtc as Stat))]);
    const packed = packAverage(answer);
    expect(packed.slept_sessions.every(Array.isArray)).toBe(true);
    const unpacked = unpackAverage(JSON.parse(JSON.stringify(packed)));
    expect(JSON.stringify(unpacked)).toBe(JSON.stringify(answer));
    expect(unpacked).toStrictEqual(answer);
  });

  it('keeps whole the sessions of other keys, key orders or values a list cannot carry', () => {
    const answer = answerOf([
      night(0, storedOrder(sampleStatUtc as Stat)),
      night(1, sampleStatUtc as Stat),
      night(2, { ...storedOrder(sampleStatUtc as Stat), from_a_later_asleep: 1 } as Stat),
      night(3, storedOrder(sampleStatUtc as Stat)),
    ]);
    const withUndefined = { ...answer.slept_sessions[3], snoring_count: undefined };
    const input: AverageStatsResult = {
      ...answer,
      slept_sessions: [...answer.slept_sessions.slice(0, 3), withUndefined as never],
    };
    const packed = packAverage(input);
    expect(packed.slept_sessions.map(Array.isArray)).toEqual([true, false, false, false]);
    const unpacked = unpackAverage(JSON.parse(JSON.stringify(packed)));
    expect(JSON.stringify(unpacked)).toBe(JSON.stringify(input));
  });

  it('keeps the rest of the answer as it is: never-slept sessions, no average, other fields', () => {
    const answer = {
      ...answerOf([night(0, null)]),
      never_slept_sessions: [
        { id: 'n1', start_time: '2025-03-02T10:00:00+09:00', end_time: null, completed_time: null },
      ],
      served_from: 'analytics',
    };
    expect(answer.average_stats).toBeNull();
    const unpacked = unpackAverage(JSON.parse(JSON.stringify(packAverage(answer))));
    expect(JSON.stringify(unpacked)).toBe(JSON.stringify(answer));
  });
});
