import { computeNightStats } from './night-stats';
import { NightInputError } from './validate-night';
import { night, stages } from '../test/build-night';

describe('input validation (Asleep contract 7.6.8)', () => {
  const base = night(stages('wllw'));
  it.each([
    ['a stage outside -1..3', { ...base, stages: [0, 4, 1, 0] }],
    ['a fractional stage', { ...base, stages: [0, 1.5, 1, 0] }],
    ['a non-numeric stage', { ...base, stages: [0, '1', 1, 0] as unknown as number[] }],
    ['NaN', { ...base, stages: [0, NaN, 1, 0] }],
    ['a snoring flag other than 0/1', { ...base, snoring: [0, 2, 0, 0] }],
    ['snoring of another length', { ...base, snoring: [0, 0, 0] }],
    ['an end before the start', { ...base, endMs: base.startMs - 1 }],
    ['a non-integer instant', { ...base, startMs: 0.5 }],
    ['stages running past the end', { ...base, endMs: base.endMs - 1 }],
    ['stages a whole epoch short', { ...base, endMs: base.endMs + 30_000 }],
    // A hole is not sleep: forEach would skip it, so the check must not.
    // eslint-disable-next-line no-sparse-arrays
    ['a sparse stage array [1,,1] in a 3-epoch session', { ...night([1, , 1] as number[]) }],
    ['an all-holes stage array new Array(3)', { ...night(new Array<number>(3)) }],
    // eslint-disable-next-line no-sparse-arrays
    ['a sparse snoring array', { ...base, snoring: [0, , 0, 0] as number[] }],
  ])('rejects %s', (_label, input) => {
    expect(() => computeNightStats(input)).toThrow(NightInputError);
  });

  it('accepts a trailing partial epoch and missing snoring', () => {
    expect(() =>
      computeNightStats({ ...base, snoring: null, endMs: base.endMs + 29_999 }),
    ).not.toThrow();
  });
});
