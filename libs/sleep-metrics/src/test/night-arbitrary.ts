import fc from 'fast-check';
import { EPOCH_MS } from '../lib/epochs';

export const RUNS = { numRuns: 1000 };

export const ZONES = [
  'UTC',
  'Asia/Seoul',
  'America/New_York',
  'Europe/Berlin',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
];

/** Runs of one stage, weighted toward sleep, so REM clusters and WASO both show up. */
const stageRun = fc.tuple(
  fc.constantFrom(-1, 0, 0, 1, 1, 1, 2, 3, 3),
  fc.integer({ min: 1, max: 40 }),
);
const stageList = fc
  .array(stageRun, { minLength: 1, maxLength: 40 })
  .map((runs) => runs.flatMap(([stage, length]) => new Array<number>(length).fill(stage)));

/** 1970..2100, where every zone's offset is a whole number of minutes. */
export const instantMs = fc.integer({ min: 0, max: 4_102_444_800_000 });

/** A valid night: stages, snoring, and a session that may end inside a trailing partial epoch. */
export const nightArb = fc
  .tuple(
    stageList,
    instantMs,
    fc.integer({ min: 0, max: EPOCH_MS - 1 }),
    fc.infiniteStream(fc.constantFrom(0, 0, 1)),
  )
  .map(([stages, start, tailMs, flags]) => ({
    stages,
    snoring: stages.map(() => flags.next().value as number),
    startMs: start,
    endMs: start + stages.length * EPOCH_MS + tailMs,
  }));

/** A 2-dp ratio as integer hundredths, for exact sums. */
export const hundredths = (ratio: number) => Math.round(ratio * 100);
