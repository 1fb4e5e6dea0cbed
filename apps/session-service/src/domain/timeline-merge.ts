import type { Epoch, WindowRecord } from './night';

export interface Timelines {
  readonly sleep: readonly Epoch[] | null;
  readonly snoring: readonly Epoch[] | null;
  readonly breath: readonly Epoch[] | null;
  readonly windows: readonly WindowRecord[];
}

export interface WindowEpochs {
  readonly k: number;
  readonly from: number;
  readonly sleep: readonly number[];
  /** Null: the window says nothing about snoring (V2) or breathing (no analysis). */
  readonly snoring: readonly number[] | null;
  readonly breath: readonly number[] | null;
}

export interface MergeResult {
  readonly timelines: Timelines;
  /** Some epoch's value changed: something a reader can see. */
  readonly changed: boolean;
  /** The window was new to the provenance list, so the row must be written even if no value changed. */
  readonly recorded: boolean;
}

/**
 * The epochs a window covers. `seq_num` is the last uploaded chunk, one chunk per epoch, so the
 * window ends there (Asleep contract 5.4: seq 129, 10 values -> epochs 120-129).
 */
export function windowRange(seqNum: number, length: number): { from: number; to: number } {
  return { from: seqNum - length + 1, to: seqNum + 1 };
}

/**
 * For each epoch of `[from, to)`, the highest `inference_seq_num` among merged windows covering it,
 * or -1. The latest analysis of an epoch wins whatever order the windows arrive in, so merging is
 * commutative and a duplicate window rewrites what it wrote before.
 */
function owners(windows: readonly WindowRecord[], from: number, to: number): number[] {
  const owner = new Array<number>(to - from).fill(-1);
  for (const w of windows) {
    const lo = Math.max(w.from, from);
    const hi = Math.min(w.to, to);
    for (let e = lo; e < hi; e++) if (w.k > owner[e - from]) owner[e - from] = w.k;
  }
  return owner;
}

function place(
  target: readonly Epoch[] | null,
  values: readonly number[] | null,
  from: number,
  writable: readonly boolean[],
): { line: readonly Epoch[] | null; changed: boolean } {
  if (values === null || values.length === 0) return { line: target, changed: false };
  const line: Epoch[] = target ? [...target] : [];
  while (line.length < from + values.length) line.push(null);
  let changed = false;
  values.forEach((value, i) => {
    if (!writable[i] || line[from + i] === value) return;
    line[from + i] = value;
    changed = true;
  });
  return { line: changed ? line : target, changed };
}

/** Writes a window's epochs at their indexes (Asleep contract 5.4: upsert by epoch index). */
export function mergeWindow(current: Timelines, window: WindowEpochs): MergeResult {
  const to = window.from + window.sleep.length;
  const owner = owners(current.windows, window.from, to);
  const writable = owner.map((k) => window.k >= k);
  const sleep = place(current.sleep, window.sleep, window.from, writable);
  const snoring = place(current.snoring, window.snoring, window.from, writable);
  const breath = place(current.breath, window.breath, window.from, writable);
  const known = current.windows.some(
    (w) => w.k === window.k && w.from === window.from && w.to === to,
  );
  const windows = known
    ? current.windows
    : [...current.windows, { k: window.k, from: window.from, to }];
  return {
    timelines: { sleep: sleep.line, snoring: snoring.line, breath: breath.line, windows },
    changed: sleep.changed || snoring.changed || breath.changed,
    recorded: !known,
  };
}

/** Fills epochs not received yet from a fuller timeline (a session fetched while still open). */
export function fillUnknown(
  target: readonly Epoch[] | null,
  values: readonly number[] | null,
): { line: readonly Epoch[] | null; changed: boolean } {
  if (values === null) return { line: target, changed: false };
  const writable = values.map((_, i) => target?.[i] === undefined || target[i] === null);
  return place(target, values, 0, writable);
}

/** Epochs received so far. */
export const receivedEpochs = (line: readonly Epoch[] | null): number =>
  line ? line.reduce<number>((n, value) => (value === null ? n : n + 1), 0) : 0;
