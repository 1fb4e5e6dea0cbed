import type { NightFact } from '@sleep/contracts';
import { EPOCH_MS } from '../lib/epochs';
import { parseInstant } from '../lib/parse-instant';
import { divHalfEven } from './exact-rounding';
import { DAY_SECONDS, dateOfDayNumber, dayNumber, startOfLocalDay } from './zoned-time';

/** Analytics definitions, section 5: a window of at least 7 days, with at least 5 tracked. */
export const SRI_MIN_DAYS = 7;
export const SRI_MIN_TRACKED_DAYS = 5;
const PARTNER_OFFSET = (DAY_SECONDS * 1000) / EPOCH_MS; // 2880 epochs = 86,400 s of absolute time

// One byte per grid cell, chosen so that `a & b` is non-zero exactly when both are valid and agree.
const MISSING = 0;
const WAKE = 1;
const SLEEP = 2;
/** The low bit of every byte of a 32-bit word. */
const LOW_BITS = 0x01010101;

export interface RegularityWindow {
  /** First and last calendar day, both included, in `timezone`. */
  readonly startDate: string;
  readonly endDate: string;
  readonly timezone: string;
}

export type RegularityNight = Pick<NightFact, 'startTime' | 'endTime' | 'sleepStages'>;

export interface SleepRegularity {
  /** -100..100 with one decimal, or null with `reason`. */
  readonly sri: number | null;
  readonly reason: 'window-too-short' | 'too-few-tracked-days' | 'no-valid-pairs' | null;
  readonly days: number;
  readonly trackedDays: number;
  readonly validPairs: number;
  readonly agreements: number;
}

/**
 * Sleep Regularity Index (Phillips et al., Sci Rep 2017;7:3216) on a 30-second grid over
 * [startDate 00:00, endDate + 1 00:00) local; each instant's partner is 86,400 s later in absolute
 * time. Inside a session: stages 1-3 sleep, 0 wake, -1 (or no stage) missing; outside every
 * session: wake; a calendar day no session overlaps: missing. SRI = 200 * agreements / valid
 * pairs - 100, rounded half to even on the exact fraction to one decimal.
 */
export function sleepRegularityIndex(
  nights: readonly RegularityNight[],
  window: RegularityWindow,
): SleepRegularity {
  const days = dayNumber(window.endDate) - dayNumber(window.startDate) + 1;
  const empty = { days: Math.max(days, 0), trackedDays: 0, validPairs: 0, agreements: 0 };
  if (days < SRI_MIN_DAYS) return { sri: null, reason: 'window-too-short', ...empty };

  const dayStarts = new Float64Array(days + 1);
  const firstDay = dayNumber(window.startDate);
  for (let k = 0; k <= days; k++) {
    dayStarts[k] = startOfLocalDay(dateOfDayNumber(firstDay + k), window.timezone);
  }
  const origin = dayStarts[0];
  const gridIndex = (ms: number) => Math.ceil((ms - origin) / EPOCH_MS);
  const size = gridIndex(dayStarts[days]);
  // Whole 32-bit words (the partner offset is a whole number of words) for `countPairs`.
  const states = gridOf(size).fill(WAKE);
  const tracked = new Uint8Array(days);

  const spans = nights.map((night) => ({
    startMs: parseInstant(night.startTime),
    endMs: parseInstant(night.endTime),
    stages: night.sleepStages,
  }));
  for (const { startMs, endMs } of spans) {
    for (let k = 0; k < days; k++) {
      if (dayStarts[k] < endMs && dayStarts[k + 1] > startMs) tracked[k] = 1;
    }
  }
  let trackedDays = 0;
  for (let k = 0; k < days; k++) {
    if (tracked[k]) trackedDays++;
    else states.fill(MISSING, gridIndex(dayStarts[k]), gridIndex(dayStarts[k + 1]));
  }
  if (trackedDays < SRI_MIN_TRACKED_DAYS) {
    return { sri: null, reason: 'too-few-tracked-days', ...empty, trackedDays };
  }

  for (const { startMs, endMs, stages } of spans) {
    const from = Math.max(0, gridIndex(startMs));
    const to = Math.min(size, gridIndex(endMs));
    if (from >= to) continue;
    // The night's epoch under grid cell i is firstEpoch + (i - from): one division per night.
    const firstEpoch = Math.floor((origin + from * EPOCH_MS - startMs) / EPOCH_MS);
    const codes = stages ? cellsOf(stages) : new Uint8Array(0);
    // Cells before the first epoch or after the last are missing; the rest copy the night's cells.
    const copyFrom = Math.min(to, from + Math.max(0, -firstEpoch));
    const copyTo = Math.max(copyFrom, Math.min(to, from + codes.length - firstEpoch));
    states.fill(MISSING, from, copyFrom);
    states.set(codes.subarray(copyFrom - from + firstEpoch, copyTo - from + firstEpoch), copyFrom);
    states.fill(MISSING, copyTo, to);
  }

  const { validPairs, agreements } = countPairs(states);
  if (validPairs === 0) {
    return { sri: null, reason: 'no-valid-pairs', days, trackedDays, validPairs, agreements };
  }
  const tenths = divHalfEven(2000 * agreements - 1000 * validPairs, validPairs);
  return { sri: tenths / 10, reason: null, days, trackedDays, validPairs, agreements };
}

/**
 * A grid of `size` cells on one buffer reused by every call (nothing of it outlives a call): a
 * month's grid is 89 kB, and a rebuild lays about twenty grids per user.
 */
let gridBuffer = new ArrayBuffer(0);
function gridOf(size: number): Uint8Array {
  const bytes = Math.ceil(size / 4) * 4;
  if (gridBuffer.byteLength < bytes) gridBuffer = new ArrayBuffer(bytes);
  return new Uint8Array(gridBuffer, 0, size);
}

/**
 * A night's stages as grid cells (1-3 sleep, 0 wake, anything else missing), kept per stages array:
 * the windows of a user's reports overlap, so the same night is laid on several grids.
 */
const cellsByStages = new WeakMap<readonly number[], Uint8Array>();
function cellsOf(stages: readonly number[]): Uint8Array {
  let cells = cellsByStages.get(stages);
  if (!cells) {
    cells = new Uint8Array(stages.length);
    for (let epoch = 0; epoch < stages.length; epoch++) {
      const stage = stages[epoch];
      cells[epoch] = stage === undefined || stage < 0 ? MISSING : stage === 0 ? WAKE : SLEEP;
    }
    cellsByStages.set(stages, cells);
  }
  return cells;
}

/** 1 in the low bit of each byte of `word` that is not zero (bytes are 0, 1 or 2). */
const nonZeroBytes = (word: number) => (word | (word >>> 1)) & LOW_BITS;
/** How many bytes have their low bit set, `word` holding nothing but low bits. */
const countLowBits = (word: number) => Math.imul(word, LOW_BITS) >>> 24;

/**
 * Pairs of cells `PARTNER_OFFSET` apart where both are valid, and where they also agree: four cells
 * at a time through 32-bit words (a byte's count never carries into the next), the rest singly.
 */
function countPairs(states: Uint8Array): { validPairs: number; agreements: number } {
  const pairs = states.length - PARTNER_OFFSET;
  if (pairs <= 0) return { validPairs: 0, agreements: 0 };
  const words = new Uint32Array(states.buffer, 0, Math.floor(states.length / 4));
  const partnerWords = PARTNER_OFFSET / 4;
  const wholeWords = Math.floor(pairs / 4);
  let validPairs = 0;
  let agreements = 0;
  for (let w = 0; w < wholeWords; w++) {
    const a = words[w] as number;
    const b = words[w + partnerWords] as number;
    validPairs += countLowBits(nonZeroBytes(a) & nonZeroBytes(b));
    agreements += countLowBits(nonZeroBytes(a & b));
  }
  for (let i = wholeWords * 4; i < pairs; i++) {
    const a = states[i] as number;
    const b = states[i + PARTNER_OFFSET] as number;
    if (a !== MISSING && b !== MISSING) validPairs++;
    if ((a & b) !== 0) agreements++;
  }
  return { validPairs, agreements };
}
