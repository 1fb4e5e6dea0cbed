import {
  KnownPeculiaritySchema,
  PeculiaritiesSchema,
  SleepStage,
  SleepStageSchema,
  SleepStagesSchema,
  isKnownPeculiarity,
} from '..';
import { issuePaths } from './helpers';

it('sleep stages are exactly -1..3', () => {
  expect(Object.values(SleepStage).map((v) => SleepStageSchema.parse(v))).toEqual([-1, 0, 1, 2, 3]);
  for (const bad of [4, -2, 1.5, '1', null, Number.NaN, true]) {
    expect(SleepStageSchema.safeParse(bad).success).toBe(false);
  }
  expect(issuePaths(SleepStagesSchema.safeParse([0, 1, 4, 2, -2]))).toEqual(['2', '4']);
});

describe('peculiarities (Asleep contract 7.4)', () => {
  it('keeps labels Asleep adds later, and tells them apart', () => {
    const labels = PeculiaritiesSchema.parse(['NEVER_SLEPT', 'NEW_LABEL']);
    expect(labels).toEqual(['NEVER_SLEPT', 'NEW_LABEL']);
    expect(labels.filter(isKnownPeculiarity)).toEqual(['NEVER_SLEPT']);
    expect(KnownPeculiaritySchema.options).toHaveLength(7);
  });

  it('rejects non-labels', () => {
    expect(issuePaths(PeculiaritiesSchema.safeParse(['IN_PROGRESS', '', 3]))).toEqual(['1', '2']);
    expect(PeculiaritiesSchema.safeParse('IN_PROGRESS').success).toBe(false);
  });
});
