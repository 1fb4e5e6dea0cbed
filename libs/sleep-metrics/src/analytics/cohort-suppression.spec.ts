import { type CohortCell, isKAnonymous, suppressedCells } from './cohort-suppression';

const days = (...counts: number[]) => new Map(counts.map((c, i) => [`d${i}`, c]));
const cell = (key: string, users: number, slices = days(users), lines = ['total']): CohortCell => ({
  key,
  lines,
  users,
  slices,
});

describe('k-anonymity of tenant groups', () => {
  it('needs k distinct users and no slice with 1..k-1 of them', () => {
    expect(isKAnonymous(cell('a', 5), 5)).toBe(true);
    expect(isKAnonymous(cell('a', 4), 5)).toBe(false);
    expect(isKAnonymous(cell('a', 6, days(6, 0, 5)), 5)).toBe(true);
    // The sixth user alone on a day: a window with and one without that day would isolate them.
    expect(isKAnonymous(cell('a', 6, days(5, 1)), 5)).toBe(false);
  });

  it('suppresses nothing when every group is large enough', () => {
    expect(suppressedCells([cell('a', 9), cell('b', 7)], 5)).toEqual(new Set());
  });

  it('suppresses a second, smallest group when exactly one is suppressed (section 8)', () => {
    const groups = [cell('a', 3), cell('b', 20), cell('c', 8), cell('d', 9)];
    expect(suppressedCells(groups, 5)).toEqual(new Set(['a', 'c']));
  });

  it('keeps suppressing while the suppressed groups together are still below k', () => {
    const groups = [cell('a', 1), cell('b', 2), cell('c', 1), cell('d', 40)];
    // a, b, c suppressed (4 users together): d must go too, leaving only the total.
    expect(suppressedCells(groups, 5)).toEqual(new Set(['a', 'b', 'c', 'd']));
    expect(suppressedCells([cell('a', 2), cell('b', 3), cell('c', 30)], 5)).toEqual(
      new Set(['a', 'b']),
    );
  });

  it('protects every row and column of a two-dimensional breakdown', () => {
    const at = (key: string, users: number) => {
      const [row, col] = key.split('/');
      return {
        ...cell(key, users, days(users), ['total', `row:${row}`, `col:${col}`]),
        edge: [row, col] as const,
      };
    };
    const hidden = suppressedCells(
      [at('F/young', 2), at('F/old', 30), at('M/young', 40), at('M/old', 50)],
      5,
    );
    // F/young alone in its row and its column: one more of each is suppressed, and then the
    // four-cell table hides two in every row and column.
    expect(hidden.has('F/young')).toBe(true);
    expect(hidden.has('F/old')).toBe(true);
    expect(hidden.has('M/young')).toBe(true);
    expect(hidden.has('M/old')).toBe(true);
  });

  it('is deterministic on ties', () => {
    const groups = [cell('b', 6), cell('a', 6), cell('z', 2)];
    expect(suppressedCells(groups, 5)).toEqual(new Set(['z', 'a']));
  });
});
