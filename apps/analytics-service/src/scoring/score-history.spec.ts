import type { NightFact, NightRecord } from '@sleep/contracts';
import {
  computeNightStats,
  deriveNightFacts,
  scoreNight,
  toAsleepStat,
} from '@sleep/sleep-metrics';
import { midSleepMemo, scoreHistories } from './score-history';

/** A night of 7-8 h with some wake, starting `minutesLate` after 22:00 UTC of day `day`. */
function record(day: number, minutesLate: number, timezone: string): NightRecord {
  const stages = Array.from({ length: 900 + (day % 5) * 20 }, (_, i) =>
    i < 20 ? 0 : i % 97 === 0 ? 0 : 1 + (i % 3),
  );
  const startMs = Date.UTC(2025, 0, 1 + day, 22, minutesLate);
  const endMs = startMs + stages.length * 30_000;
  return {
    sessionId: `s${day}`,
    userId: 'G-user-1',
    version: 1,
    startTime: new Date(startMs).toISOString(),
    endTime: new Date(endMs).toISOString(),
    completedTime: null,
    timezone,
    peculiarities: [],
    stat: toAsleepStat(computeNightStats({ stages, startMs, endMs }), { sleepIndex: 70 }),
    sleepStages: stages as NightRecord['sleepStages'],
  };
}

describe('scoring many nights of one user', () => {
  it('gives the scores of the whole history without a memo, zones changing included', () => {
    // Irregular bedtimes; a trip to Seoul in the middle, so a night's mid-sleep is asked in two zones.
    const records = Array.from({ length: 40 }, (_, day) =>
      record(day, (day * 37) % 180, day >= 15 && day < 22 ? 'Asia/Seoul' : 'Europe/Berlin'),
    );
    const facts: NightFact[] = deriveNightFacts(records).map((fact) => ({
      ...fact,
      mainSleep: true,
    }));
    const previousOf = scoreHistories(facts);
    const midSleepOf = midSleepMemo();
    const remembered = facts.map((fact) =>
      scoreNight(fact, { history: previousOf(fact), midSleepOf, ageYears: 40 }),
    );
    const plain = facts.map((fact) => scoreNight(fact, { history: facts, ageYears: 40 }));
    expect(remembered).toEqual(plain);
    // The timing contributor did use earlier nights.
    expect(plain.at(-1)?.contributors.find((c) => c.name === 'timing')?.value).not.toBeNull();
  });
});
