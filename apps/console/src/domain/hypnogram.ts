import type { SleepStage } from '@sleep/contracts';

/** Asleep contract 7.1: one stage per 30 s epoch. */
export const EPOCH_SECONDS = 30;

/** Top to bottom as sleep charts draw them: wake above REM above light above deep. */
export const STAGE_LEVELS = { 0: 3, 3: 2, 1: 1, 2: 0 } as const;
export const LEVEL_NAMES = ['Deep', 'Light', 'REM', 'Wake'] as const;
export const STAGE_NAMES: Record<SleepStage, string> = {
  [-1]: 'No data',
  0: 'Wake',
  1: 'Light',
  2: 'Deep',
  3: 'REM',
};

/** A run of one stage: epochs [fromEpoch, toEpoch). */
export interface StageRun {
  stage: SleepStage;
  fromEpoch: number;
  toEpoch: number;
}

/** Consecutive equal stages as runs, no-data runs included. */
export function stageRuns(stages: readonly SleepStage[]): StageRun[] {
  const runs: StageRun[] = [];
  stages.forEach((stage, epoch) => {
    const last = runs.at(-1);
    if (last && last.stage === stage) last.toEpoch = epoch + 1;
    else runs.push({ stage, fromEpoch: epoch, toEpoch: epoch + 1 });
  });
  return runs;
}

/**
 * The series a stepped chart draws: x in unix seconds at each epoch's start plus one closing point,
 * y the stage's level or null where there is no data (a gap in the line).
 */
export function hypnogramSeries(
  startTime: string,
  stages: readonly SleepStage[],
): [x: number[], level: (number | null)[]] {
  const start = Date.parse(startTime) / 1000;
  const x = stages.map((_, epoch) => start + epoch * EPOCH_SECONDS);
  const level = stages.map((stage) => (stage === -1 ? null : STAGE_LEVELS[stage]));
  // The last epoch lasts 30 s too: repeat its level at its end so the step is drawn.
  x.push(start + stages.length * EPOCH_SECONDS);
  level.push(level.at(-1) ?? null);
  return [x, level];
}

/** Snoring per epoch as 0/1, null where the night has no data. */
export function snoringSeries(
  startTime: string,
  snoring: readonly (0 | 1)[],
  stages: readonly SleepStage[],
): [x: number[], snoring: (number | null)[]] {
  const start = Date.parse(startTime) / 1000;
  const x = snoring.map((_, epoch) => start + epoch * EPOCH_SECONDS);
  const y: (number | null)[] = snoring.map((value, epoch) => (stages[epoch] === -1 ? null : value));
  x.push(start + snoring.length * EPOCH_SECONDS);
  y.push(y.at(-1) ?? null);
  return [x, y];
}
