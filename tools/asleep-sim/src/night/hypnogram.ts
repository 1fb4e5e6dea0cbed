import { Stage } from '@sleep/sleep-metrics';
import { chance, randInt, Rng } from '../random/prng';

const run = (stage: number, epochs: number): number[] => new Array<number>(epochs).fill(stage);

/** Light sleep with rare single-epoch arousals. */
function lightSegment(rng: Rng, epochs: number): number[] {
  return run(Stage.Light, epochs).map((stage, i) =>
    i > 0 && i < epochs - 1 && chance(rng, 0.004) ? Stage.Wake : stage,
  );
}

/** Deep sleep, now and then lightening for an epoch or two. */
function deepSegment(rng: Rng, epochs: number): number[] {
  const out: number[] = [];
  while (out.length < epochs) {
    if (out.length > 2 && chance(rng, 0.02)) out.push(...run(Stage.Light, randInt(rng, 1, 2)));
    else out.push(Stage.Deep);
  }
  return out.slice(0, epochs);
}

/**
 * One ~90-minute NREM/REM cycle (85-102 min): light, deep, light, then REM. Deep sleep dominates
 * the early cycles and fades; REM grows through the night. REM never drops below 22 epochs so
 * every full cycle forms a REM cluster Asleep counts (>= 20 epochs, Asleep contract 7.5).
 */
export function sleepCycle(rng: Rng, index: number): number[] {
  const length = randInt(rng, 170, 205);
  const deepShare = ([0.34, 0.24, 0.12, 0.05][index] ?? 0) * (0.8 + 0.4 * rng());
  const remShare = Math.min(0.38, 0.13 + 0.07 * index) * (0.85 + 0.3 * rng());
  const deep = Math.round(length * deepShare);
  const rem = Math.max(22, Math.round(length * remShare));
  const light = length - deep - rem;
  const lightBefore = Math.round(light * 0.55);
  return [
    ...lightSegment(rng, lightBefore),
    ...deepSegment(rng, deep),
    ...lightSegment(rng, light - lightBefore),
    ...run(Stage.Rem, rem),
  ];
}

/**
 * A whole normal night: onset latency (4-25 min), cycles until the sleep period (5.5-8.3 h) is
 * full, brief awakenings after some REM periods, sometimes one longer awakening, final wake.
 */
export function normalHypnogram(rng: Rng): number[] {
  const onset = randInt(rng, 8, 50);
  const periodEpochs = randInt(rng, 660, 1000);
  const finalWake = randInt(rng, 2, 30);
  const longAwakeningAfter = chance(rng, 0.2) ? randInt(rng, 1, 3) : -1;
  const period: number[] = [];
  for (let cycle = 0; period.length < periodEpochs; cycle++) {
    period.push(...sleepCycle(rng, cycle));
    if (cycle === longAwakeningAfter) period.push(...run(Stage.Wake, randInt(rng, 8, 30)));
    else if (chance(rng, 0.45)) period.push(...run(Stage.Wake, randInt(rng, 1, 4)));
  }
  period.length = periodEpochs;
  while (period[period.length - 1] === Stage.Wake) period.pop();
  return [...run(Stage.Wake, onset), ...period, ...run(Stage.Wake, finalWake)];
}

/** 30-120 min in bed without falling asleep: NEVER_SLEPT (Asleep contract 7.4). */
export const neverSleptHypnogram = (rng: Rng): number[] => run(Stage.Wake, randInt(rng, 60, 240));

/** Under 20 minutes: TOO_SHORT_FOR_ANALYSIS, stat null (Asleep contract 7.4). */
export function tooShortHypnogram(rng: Rng): number[] {
  const epochs = randInt(rng, 12, 38);
  const onset = randInt(rng, 4, 10);
  return [...run(Stage.Wake, onset), ...run(Stage.Light, epochs - onset)];
}

/** Snoring runs of 1-8 minutes that start in NREM sleep and stop at the next awakening. */
export function snoringFor(rng: Rng, stages: readonly number[], propensity: number): number[] {
  const flags = stages.map(() => 0);
  let i = 0;
  while (i < stages.length) {
    const nrem = stages[i] === Stage.Light || stages[i] === Stage.Deep;
    if (!nrem || !chance(rng, propensity)) {
      i++;
      continue;
    }
    const end = Math.min(stages.length, i + randInt(rng, 2, 16));
    for (; i < end && stages[i] !== Stage.Wake; i++) flags[i] = 1;
    i = end;
  }
  return flags;
}
