import fc from 'fast-check';
import type { WindowRecord } from './night';
import {
  fillUnknown,
  mergeWindow,
  receivedEpochs,
  type Timelines,
  type WindowEpochs,
  windowRange,
} from './timeline-merge';

const empty: Timelines = { sleep: null, snoring: null, breath: null, windows: [] };

const merge = (windows: readonly WindowEpochs[], start: Timelines = empty) =>
  windows.reduce((timelines, window) => mergeWindow(timelines, window).timelines, start);

/** Windows compare by what a reader sees, not by the provenance list's order. */
const visible = ({ sleep, snoring, breath, windows }: Timelines) => ({
  sleep,
  snoring,
  breath,
  windows: [...windows].sort((a: WindowRecord, b: WindowRecord) => a.k - b.k || a.from - b.from),
});

describe('windowRange', () => {
  it('ends a window at its seq_num (Asleep contract 9.1: seq 129, 10 values -> 120-129)', () => {
    expect(windowRange(129, 10)).toEqual({ from: 120, to: 130 });
    expect(windowRange(39, 40)).toEqual({ from: 0, to: 40 });
  });
});

describe('mergeWindow', () => {
  const w = (
    k: number,
    from: number,
    sleep: number[],
    snoring: number[] | null = sleep.map(() => 0),
  ): WindowEpochs => ({
    k,
    from,
    sleep,
    snoring,
    breath: null,
  });

  it('writes epochs at their indexes, leaving unknown ones null', () => {
    const { timelines, changed } = mergeWindow(empty, w(1, 10, [1, 2]));
    expect(changed).toBe(true);
    expect(timelines.sleep).toEqual([...Array(10).fill(null), 1, 2]);
    expect(receivedEpochs(timelines.sleep)).toBe(2);
  });

  it('a duplicate changes nothing', () => {
    const once = mergeWindow(empty, w(0, 0, [0, 1, 1])).timelines;
    const again = mergeWindow(once, w(0, 0, [0, 1, 1]));
    expect(again.changed).toBe(false);
    expect(again.recorded).toBe(false);
    expect(again.timelines).toEqual(once);
  });

  it('the later analysis of an epoch wins, whichever arrives first', () => {
    const early = w(3, 0, [0, 0, 0, 0]);
    const late = w(6, 2, [2, 2, 3, 3]);
    expect(visible(merge([early, late]))).toEqual(visible(merge([late, early])));
    expect(merge([late, early]).sleep).toEqual([0, 0, 2, 2, 3, 3]);
  });

  it('a window without snoring (V2) keeps the snoring already known', () => {
    const first = merge([w(0, 0, [1, 1], [1, 0])]);
    expect(merge([w(1, 0, [2, 2], null)], first).snoring).toEqual([1, 0]);
  });

  it('converges for any order and any duplicates (property)', () => {
    const windowArb = fc.record({
      k: fc.integer({ min: 0, max: 12 }),
      from: fc.integer({ min: 0, max: 40 }),
      sleep: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 1, maxLength: 12 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(windowArb, { selector: (x) => x.k, minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.nat(),
        (specs, duplicateAt, seed) => {
          const windows = specs.map((s) => w(s.k, s.from, s.sleep));
          const replayed = [...windows, ...duplicateAt.map((i) => windows[i % windows.length])];
          const shuffled = fc.sample(
            fc.shuffledSubarray(replayed, { minLength: replayed.length }),
            { seed, numRuns: 1 },
          )[0];
          expect(visible(merge(shuffled))).toEqual(visible(merge(windows)));
        },
      ),
    );
  });
});

describe('fillUnknown', () => {
  it('fills only epochs not received yet', () => {
    expect(fillUnknown([1, null, 3], [0, 2, 0, 1])).toEqual({ line: [1, 2, 3, 1], changed: true });
    expect(fillUnknown([1, 2], [1, 2])).toEqual({ line: [1, 2], changed: false });
    expect(fillUnknown(null, null)).toEqual({ line: null, changed: false });
  });
});
