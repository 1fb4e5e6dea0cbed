import { Stage } from '../lib/epochs';

const CODES = {
  N: Stage.NoData,
  W: Stage.Wake,
  L: Stage.Light,
  D: Stage.Deep,
  R: Stage.Rem,
} as const;

/** A stage timeline from inclusive index ranges, e.g. `[['W', 0, 25], ['L', 26, 61]]`. */
export function stagesFromLayout(
  layout: ReadonlyArray<readonly [keyof typeof CODES, number, number]>,
): number[] {
  const stages: number[] = [];
  for (const [code, from, to] of layout) {
    if (from !== stages.length) throw new Error(`layout gap or overlap at ${from}`);
    for (let i = from; i <= to; i++) stages.push(CODES[code]);
  }
  return stages;
}

/** A timeline from a compact string, one character per epoch: `n` (-1), `w`, `l`, `d`, `r`. */
export function stages(compact: string): number[] {
  const byChar: Record<string, number> = { n: -1, w: 0, l: 1, d: 2, r: 3 };
  return [...compact.replace(/\s/g, '')].map((char) => {
    const stage = byChar[char];
    if (stage === undefined) throw new Error(`unknown stage ${char}`);
    return stage;
  });
}

/** 0/1 flags of `length` epochs, 1 inside the inclusive ranges. */
export function flagsAt(
  length: number,
  ranges: ReadonlyArray<readonly [number, number]>,
): number[] {
  const flags = new Array<number>(length).fill(0);
  for (const [from, to] of ranges) flags.fill(1, from, to + 1);
  return flags;
}

/** A night that exactly covers its timeline, starting at `startMs`. */
export function night(
  stageList: number[],
  snoring?: number[] | null,
  startMs = Date.UTC(2025, 2, 10, 14),
) {
  return { stages: stageList, snoring, startMs, endMs: startMs + stageList.length * 30_000 };
}
