import { computeNightStats, EPOCH_MS } from '@sleep/sleep-metrics';
import { mintSessionId } from '../ids';
import { chance, pick, randInt, Rng, rngFor } from '../random/prng';
import { SECOND_MS, zonedToInstant } from '../time/zoned-time';
import { normalHypnogram, neverSleptHypnogram, snoringFor, tooShortHypnogram } from './hypnogram';
import type { Night, NightKind } from './night';
import { plausibleSleepIndex } from './sleep-index';

/** Zones users are spread over; Asia/Kolkata's +05:30 keeps offset handling honest. */
export const SIM_TIMEZONES = [
  'Asia/Seoul',
  'America/New_York',
  'Europe/Berlin',
  'UTC',
  'America/Los_Angeles',
  'Asia/Kolkata',
  'Australia/Sydney',
] as const;

export interface GenerateNightOptions {
  readonly userId: string;
  /** Local calendar date (in `timezone`) of the evening the night starts. */
  readonly date?: string;
  /** Exact start instant; overrides `date` and the user's bedtime. */
  readonly startMs?: number;
  /** The session's `created_timezone`; defaults to the user's zone from `userProfile`. */
  readonly timezone?: string;
  /** Forces the kind; otherwise about 3% never slept and 3% too short. */
  readonly kind?: NightKind;
  readonly seed?: number;
}

/** Stable per-user traits, so one user's nights look like one sleeper's. */
export function userProfile(seed: number, userId: string) {
  const rng = rngFor(seed, 'user', userId);
  return {
    timezone: pick(rng, SIM_TIMEZONES),
    /** Seconds after local midnight of the usual bedtime: 21:30 to 23:30. */
    bedtimeSeconds: randInt(rng, 21 * 3600 + 1800, 23 * 3600 + 1800),
    snoringPropensity: pick(rng, [0, 0, 0.002, 0.006, 0.015]),
  };
}

function pickKind(rng: Rng): NightKind {
  const roll = rng();
  if (roll < 0.03) return 'never-slept';
  if (roll < 0.06) return 'too-short';
  return 'normal';
}

const HYPNOGRAMS: Record<NightKind, (rng: Rng) => number[]> = {
  normal: normalHypnogram,
  'never-slept': neverSleptHypnogram,
  'too-short': tooShortHypnogram,
};

/** A deterministic night: the same (seed, user, date or start) gives the same night, field for field. */
export function generateNight(options: GenerateNightOptions): Night {
  const seed = options.seed ?? 1;
  const profile = userProfile(seed, options.userId);
  const timezone = options.timezone ?? profile.timezone;
  if (options.date === undefined && options.startMs === undefined) {
    throw new TypeError('generateNight needs a date or a startMs');
  }
  const rng = rngFor(seed, 'night', options.userId, options.startMs ?? options.date ?? '');
  const kind = options.kind ?? pickKind(rng);
  const bedtime = profile.bedtimeSeconds + randInt(rng, -45 * 60, 45 * 60);
  const startMs = options.startMs ?? zonedToInstant(options.date as string, bedtime, timezone);
  const sleepStages = HYPNOGRAMS[kind](rng);
  const snoringStages = snoringFor(rng, sleepStages, profile.snoringPropensity);
  // Sessions stop mid-epoch: S2's sample has 541 epochs in 16237 s (Asleep contract S2).
  const endMs = startMs + sleepStages.length * EPOCH_MS + randInt(rng, 0, 29) * SECOND_MS;
  const stats = computeNightStats({ stages: sleepStages, snoring: snoringStages, startMs, endMs });
  return {
    userId: options.userId,
    sessionId: mintSessionId(rng, startMs),
    createdTimezone: timezone,
    startMs,
    endMs,
    completeMs: endMs + randInt(rng, 30, 300) * SECOND_MS,
    unexpectedEndMs: chance(rng, 0.02) ? endMs : null,
    sleepStages,
    snoringStages,
    breathStages: null,
    breathStats: null,
    sleepIndex: plausibleSleepIndex(stats, rng),
    missingDataRatio: 0,
    extraPeculiarities: [],
    inferenceType: 'MELSPECTROGRAM',
    service: 'NOSERVICE',
  };
}
