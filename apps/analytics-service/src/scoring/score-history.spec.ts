import type { NightFact, NightRecord } from '@sleep/contracts';
import {
  computeNightStats,
  deriveNightFacts,
  isSlept,
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

describe('scoreHistories', () => {
  /** The history `scoreNight` takes for a night, picked the plain way. */
  const plainHistory = (history: readonly NightFact[], fact: NightFact) =>
    history
      .filter((o) => o.mainSleep && !o.nap && isSlept(o))
      .filter(
        (o) =>
          Date.parse(o.startTime) < Date.parse(fact.startTime) && o.sessionId !== fact.sessionId,
      )
      .map((o, index) => ({ o, index }))
      .sort((a, b) => Date.parse(b.o.startTime) - Date.parse(a.o.startTime) || a.index - b.index)
      .slice(0, 14)
      .map(({ o }) => o);

  it('picks the same nights in the same order as filtering and sorting, ties and repeats included', () => {
    const base = record(0, 0, 'UTC');
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    // Starts on few distinct minutes (many ties), some naps and non-main sleeps, a repeated session id.
    const facts: NightFact[] = Array.from({ length: 120 }, (_, i) => {
      const start = Date.UTC(2025, 0, 1) + random(60) * 86_400_000 + random(3) * 60_000;
      return {
        ...(deriveNightFacts([base])[0] as NightFact),
        sessionId: i % 17 === 0 ? 's-repeated' : `s${i}`,
        startTime: new Date(start).toISOString(),
        endTime: new Date(start + 8 * 3_600_000).toISOString(),
        mainSleep: random(5) !== 0,
        nap: random(9) === 0,
      };
    });
    const previousOf = scoreHistories(facts);
    for (const fact of [...facts, { ...facts[0], sessionId: 'other', startTime: 'not an instant' }])
      expect(previousOf(fact).map((f) => f.sessionId + f.startTime)).toEqual(
        plainHistory(facts, fact).map((f) => f.sessionId + f.startTime),
      );
  });
});
