import { EPOCH_MS, NightInput } from './epochs';

/** Input that cannot be a night; at ingest this belongs on the DLQ (Asleep contract 7.6.8). */
export class NightInputError extends RangeError {
  override readonly name = 'NightInputError';
}

// Comparisons rather than Set look-ups: they run once per epoch of every night checked.
const isStage = (value: unknown) =>
  value === -1 || value === 0 || value === 1 || value === 2 || value === 3;
const isSnoringFlag = (value: unknown) => value === 0 || value === 1;

export function validateNight(input: NightInput): void {
  const { stages, snoring, startMs, endMs } = input;
  if (!Number.isSafeInteger(startMs) || !Number.isSafeInteger(endMs)) {
    throw new NightInputError('startMs and endMs must be integer epoch milliseconds');
  }
  if (endMs < startMs) throw new NightInputError('endMs is before startMs');
  if (!Array.isArray(stages)) throw new NightInputError('stages must be an array');
  // A session shorter than one epoch has nothing to analyse: it is not a night of zeros.
  if (stages.length === 0) throw new NightInputError('stages must hold at least one epoch');
  // An indexed loop, not forEach: forEach skips the holes of a sparse array, and a hole is not sleep.
  for (let index = 0; index < stages.length; index++) {
    const stage = stages[index];
    if (!isStage(stage)) {
      throw new NightInputError(`stages[${index}] = ${String(stage)} is outside -1..3`);
    }
  }
  // The stages tile the session from its start; only a trailing partial epoch may stay uncovered.
  const durationMs = endMs - startMs;
  const coveredMs = stages.length * EPOCH_MS;
  if (coveredMs > durationMs || durationMs - coveredMs >= EPOCH_MS) {
    throw new NightInputError(`${stages.length} epochs do not cover a session of ${durationMs} ms`);
  }
  if (snoring === undefined || snoring === null) return;
  if (!Array.isArray(snoring) || snoring.length !== stages.length) {
    throw new NightInputError('snoring must have one value per stage epoch');
  }
  for (let index = 0; index < snoring.length; index++) {
    const flag = snoring[index];
    if (!isSnoringFlag(flag)) {
      throw new NightInputError(`snoring[${index}] = ${String(flag)} is not 0 or 1`);
    }
  }
}
