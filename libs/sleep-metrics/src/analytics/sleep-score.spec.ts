import { sampleSleepStages, sampleStatUtc } from '@sleep/contracts/testing';
import { deriveNightFacts } from './night-facts';
import {
  ageOnSleepDay,
  countLongAwakenings,
  DEFAULT_SCORE_WEIGHTS,
  SCORE_VERSION,
  scoreFromInputs,
  ScoreInputs,
  scoreNight,
  validateScoreWeights,
} from './sleep-score';
import { factsOf, nightRecord, stagesOf } from '../test/facts';
import { stages } from '../test/build-night';

const H = 3600;
const good: ScoreInputs = {
  timeInSleep: 8 * H,
  ageYears: 30,
  efficiency: 0.9,
  sleepLatency: 600,
  waso: 600,
  longAwakenings: 1,
  timingDistance: 600,
  previousMainSleeps: 14,
  restorationShare: 0.45,
};
const subOf = (inputs: ScoreInputs, name: string) => {
  const score = scoreFromInputs(inputs);
  return score.contributors.find((c) => c.name === name)?.subScore;
};

describe('sleep score, golden nights (analytics definitions, section 4)', () => {
  it("the contract's sample night scores 62", () => {
    const [fact] = deriveNightFacts([
      nightRecord({
        start: '2025-03-10T14:00:00Z',
        stages: [...sampleSleepStages],
        timezone: 'Asia/Seoul',
      }),
    ]);
    expect(fact.stat).toMatchObject({
      time_in_sleep: sampleStatUtc.time_in_sleep,
      time_in_bed: 7260,
    });
    const score = scoreNight(fact);
    // duration: 5940 s is below 7 h - 4 h -> 0; efficiency: (5940/7260 - 0.65) / 0.20 * 100 = 84.0909;
    // continuity: WASO 300 s, wake runs of 120 s and 180 s (none > 5 min) -> 100; latency 780 s -> 100;
    // timing: no history -> 100; restoration: (1500 + 1140) / 5940 = 0.444 -> 100.
    // (35*0 + 20*84.0909 + 15*100 + 10*100 + 10*100 + 10*100) / 100 = 61.818 -> 62.
    expect(score).toMatchObject({ score: 62, scoreVersion: SCORE_VERSION });
    expect(score.contributors.map((c) => [c.name, c.subScore, c.weight])).toEqual([
      ['duration', 0, 35],
      ['efficiency', 84.1, 20],
      ['continuity', 100, 15],
      ['latency', 100, 10],
      ['timing', 100, 10],
      ['restoration', 100, 10],
    ]);
    expect(score.contributors[0]).toMatchObject({ value: 5940, unit: 'seconds' });
    expect(score.contributors[1]).toMatchObject({ value: 0.8182, unit: 'ratio' });
    expect(score.contributors[0].explanation).toBe(
      '1 h 39 min asleep; the recommended range for age band unknown is 7-9 h.',
    );
  });

  it('a middling night scores 60, by hand', () => {
    // duration 6 h (age 30): 100 * (6 h - 3 h) / 4 h = 75; efficiency 0.80 -> 75;
    // continuity: WASO 40 min -> 50, 3 long awakenings -> -20 -> 30; latency 45 min -> 50;
    // timing 75 min off -> 50; restoration 0.25 -> 40.
    // (35*75 + 20*75 + 15*30 + 10*50 + 10*50 + 10*40) / 100 = 59.75 -> 60.
    const score = scoreFromInputs({
      timeInSleep: 6 * H,
      ageYears: 30,
      efficiency: 0.8,
      sleepLatency: 2700,
      waso: 2400,
      longAwakenings: 3,
      timingDistance: 4500,
      previousMainSleeps: 14,
      restorationShare: 0.25,
    });
    expect(score.score).toBe(60);
    expect(score.contributors.map((c) => c.subScore)).toEqual([75, 75, 30, 50, 50, 40]);
  });

  it('rounds half away from zero on the unrounded total: 99.5 -> 100', () => {
    // efficiency 0.845 -> 97.5; 20 * 97.5 + 100 * 80 = 9950 -> 99.5 -> 100.
    expect(scoreFromInputs({ ...good, efficiency: 0.845 }).score).toBe(100);
    // efficiency 0.8425 -> 96.25; total 99.25 -> 99.
    expect(scoreFromInputs({ ...good, efficiency: 0.8425 }).score).toBe(99);
  });

  it('duration follows the age band: above the range it falls to 50 at +2 h and stays there', () => {
    expect(subOf({ ...good, timeInSleep: 10 * H }, 'duration')).toBe(75);
    expect(subOf({ ...good, timeInSleep: 12 * H }, 'duration')).toBe(50);
    expect(subOf({ ...good, timeInSleep: 8.5 * H, ageYears: 70 }, 'duration')).toBe(87.5);
    expect(subOf({ ...good, timeInSleep: 7.5 * H, ageYears: 16 }, 'duration')).toBe(87.5);
    expect(subOf({ ...good, timeInSleep: 3 * H }, 'duration')).toBe(0);
    expect(subOf({ ...good, timeInSleep: 5 * H, ageYears: null }, 'duration')).toBe(50);
  });

  it('timing: 100 with fewer than 5 earlier main sleeps, else distance from their circular mean', () => {
    // Earlier nights 23:00-07:00 UTC: mid-sleep about 03:05 (after the 10 min latency).
    const earlier = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => [`2025-03-${String(i + 1).padStart(2, '0')}T23:00:00Z`] as const,
      );
    const history = factsOf('UTC', [...earlier(5), ['2025-03-20T00:00:00Z']]);
    const tonight = history[history.length - 1];
    const withFive = scoreNight(tonight, { history });
    // One hour later than the usual mid-sleep: 100 - 100 * (60 - 30) / 90 = 66.7.
    expect(withFive.contributors.find((c) => c.name === 'timing')).toMatchObject({
      value: 3600,
      subScore: 66.7,
    });
    const withFour = scoreNight(tonight, { history: history.slice(1) });
    expect(withFour.contributors.find((c) => c.name === 'timing')).toMatchObject({
      value: null,
      subScore: 100,
    });
  });

  it('never-slept and stat-less nights have no score, with a reason', () => {
    const [never, short] = deriveNightFacts([
      nightRecord({ start: '2025-03-10T22:00:00Z', stages: new Array(200).fill(0) }),
      nightRecord({ start: '2025-03-11T22:00:00Z', stages: stagesOf(), withoutStat: true }),
    ]);
    expect(scoreNight(never)).toEqual({
      score: null,
      scoreVersion: SCORE_VERSION,
      reason: 'never-slept',
      contributors: [],
    });
    expect(scoreNight(short)).toMatchObject({ score: null, reason: 'no-stats' });
  });

  it('counts awakenings longer than 5 min inside the sleep period; -1 ends a run', () => {
    const w = (n: number) => 'w'.repeat(n);
    expect(countLongAwakenings(stages(`${w(30)}l${w(11)}l${w(10)}l${w(30)}`))).toBe(1);
    expect(countLongAwakenings(stages(`l${w(6)}n${w(6)}l`))).toBe(0);
    expect(countLongAwakenings(stages(`l${w(11)}l${w(12)}d`))).toBe(2);
    expect(countLongAwakenings(stages(w(50)))).toBe(0);
  });

  it('age from birth year on the sleep day', () => {
    expect(ageOnSleepDay(1990, '2025-03-10')).toBe(35);
    expect(ageOnSleepDay(null, '2025-03-10')).toBeNull();
  });
});

describe('tenant weights', () => {
  it('accepts weights summing to 100 and uses them', () => {
    const weights = {
      duration: 100,
      efficiency: 0,
      continuity: 0,
      latency: 0,
      timing: 0,
      restoration: 0,
    };
    expect(validateScoreWeights(weights)).toEqual({ ok: true, weights });
    expect(scoreFromInputs({ ...good, timeInSleep: 6 * H }, weights).score).toBe(75);
  });
  it.each([
    [{ ...DEFAULT_SCORE_WEIGHTS, duration: 36 }, 'weights'],
    [{ ...DEFAULT_SCORE_WEIGHTS, duration: 35.5, efficiency: 19.5 }, 'weights.duration'],
    [{ ...DEFAULT_SCORE_WEIGHTS, latency: -10, duration: 55 }, 'weights.latency'],
    [{ ...DEFAULT_SCORE_WEIGHTS, snoring: 0 }, 'weights.snoring'],
    [{ duration: 100 }, 'weights.efficiency'],
    [null, 'weights'],
  ])('rejects %j naming %s', (weights, field) => {
    expect(validateScoreWeights(weights)).toMatchObject({ ok: false, field });
  });
});
