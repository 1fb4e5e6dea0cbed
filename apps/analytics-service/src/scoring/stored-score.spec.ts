import {
  combineSubScores,
  type ScoreInputs,
  scoreFiguresOf,
  scoreFromInputs,
  scoreNight,
  scoreNightFigures,
  SCORE_VERSION,
  subScoresOf,
} from '@sleep/sleep-metrics';
import { jsonbText } from '../settings/jsonb-text';
import { scoredNights, TENANT_WEIGHTS } from '../testing/scored-nights';
import { scoreDetailOf, scoreForStorage, storedScoreOf } from './stored-score';

/** What the score RPC answers of a stored score: reason and contributors, as json text. */
const answered = (stored: ReturnType<typeof storedScoreOf>) =>
  JSON.stringify({
    score: stored.score,
    scoreVersion: stored.scoreVersion,
    // Through json, as the jsonb column gives it back.
    ...scoreDetailOf(JSON.parse(JSON.stringify(stored.detail))),
  });

/** The rendered score as the RPC answered it when contributors were stored whole (jsonb). */
const rendered = (score: ReturnType<typeof scoreNight>) =>
  JSON.stringify({
    score: score.score,
    scoreVersion: score.scoreVersion,
    reason: 'reason' in score ? score.reason : null,
    contributors: JSON.parse(jsonbText(score.contributors) ?? 'unprintable') as unknown,
  });

describe('score details stored as numbers', () => {
  const cases = scoredNights(240);

  it('answer byte for byte what scoring renders: every age band, tenant weights, no stages, unscored', () => {
    for (const { fact, context } of cases) {
      expect(answered(scoreForStorage(fact, context))).toBe(rendered(scoreNight(fact, context)));
    }
    // The cases cover what the explanations vary with.
    const scored = cases.map(({ fact, context }) => scoreNight(fact, context));
    const explanations = scored.flatMap((s) => s.contributors.map((c) => c.explanation));
    for (const part of ['band unknown', 'band 6-13', 'band 14-17', 'band 18-64', 'band 65+']) {
      expect(explanations.some((e) => e.includes(part))).toBe(true);
    }
    expect(explanations.some((e) => e.startsWith('Fewer than'))).toBe(true);
    expect(explanations.some((e) => e.startsWith('Mid-sleep'))).toBe(true);
    expect(explanations.some((e) => e.includes('awakening(s)'))).toBe(true);
    expect(explanations.some((e) => /^\d+ min awake after falling asleep; /.test(e))).toBe(true);
    expect(scored.filter((s) => s.score === null).map((s) => 'reason' in s && s.reason)).toEqual(
      expect.arrayContaining(['no-stats', 'never-slept']),
    );
    expect(
      scored.some((s) => s.contributors.some((c) => c.weight === TENANT_WEIGHTS.continuity)),
    ).toBe(true);
  });

  it('keep the figures rounding would lose: a percent and minutes taken from unrounded inputs', () => {
    // 0.12345 is 0.1235 to 4 places, whose percent would be 12.4; the exact ratio's is 12.3.
    // 89.5 s is 90 s rounded, 2 min; the exact distance is 1 min.
    const inputs: ScoreInputs = {
      timeInSleep: 2469,
      ageYears: 40,
      efficiency: 0.12345,
      sleepLatency: 600,
      waso: 1290,
      longAwakenings: 2,
      timingDistance: 89.5,
      previousMainSleeps: 9,
      restorationShare: 0.40005,
    };
    const stored = storedScoreOf({
      score: combineSubScores(subScoresOf(inputs), TENANT_WEIGHTS),
      scoreVersion: SCORE_VERSION,
      figures: scoreFiguresOf(inputs, TENANT_WEIGHTS),
    });
    expect(answered(stored)).toBe(rendered(scoreFromInputs(inputs, TENANT_WEIGHTS)));
    const contributors = scoreDetailOf(stored.detail).contributors;
    expect(contributors[1]?.explanation).toContain('12.3 %');
    expect(contributors[4]?.explanation).toContain('Mid-sleep 1 min');
  });

  it('are a fraction of the contributors json', () => {
    const { fact, context } = cases.slice(20).find((c) => scoreNight(c.fact, c.context).score)!;
    const { score, scoreVersion, ...whole } = scoreNight(fact, context);
    const stored = scoreNightFigures(fact, context);
    expect(stored.score).toBe(score);
    expect(stored.scoreVersion).toBe(scoreVersion);
    const compact = JSON.stringify(scoreForStorage(fact, context).detail).length;
    expect(compact * 5).toBeLessThan(JSON.stringify(whole).length);
  });

  it('read a detail stored whole as it is', () => {
    const whole = { contributors: [], reason: 'no-stats' };
    expect(scoreDetailOf(whole)).toEqual({ reason: 'no-stats', contributors: [] });
    expect(scoreDetailOf(null)).toEqual({ reason: null, contributors: [] });
  });
});
