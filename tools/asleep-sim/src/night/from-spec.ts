import { computeNightStats, EPOCH_MS } from '@sleep/sleep-metrics';
import { mintSessionId } from '../ids';
import { rngFor } from '../random/prng';
import { MINUTE_MS } from '../time/zoned-time';
import type { Night, NightSpec } from './night';
import { plausibleSleepIndex } from './sleep-index';

/** Labels the simulator derives itself from a night's data and state (Asleep contract 7.4). */
export const DERIVED_PECULIARITIES: readonly string[] = [
  'IN_PROGRESS',
  'NEVER_SLEPT',
  'TOO_SHORT_FOR_ANALYSIS',
  'TOO_LONG_FOR_ANALYSIS',
  'NO_BREATHING_STABILITY',
];

/** Fills a hand-given night's defaults; stats are validated by `computeNightStats` (throws on bad input). */
export function nightFromSpec(spec: NightSpec): Night {
  const rng = rngFor('night-spec', spec.userId, spec.startMs);
  const endMs = spec.endMs ?? spec.startMs + spec.sleepStages.length * EPOCH_MS;
  const snoringStages = spec.snoringStages ?? spec.sleepStages.map(() => 0);
  const stats = computeNightStats({
    stages: spec.sleepStages,
    snoring: snoringStages,
    startMs: spec.startMs,
    endMs,
  });
  return {
    userId: spec.userId,
    sessionId: spec.sessionId ?? mintSessionId(rng, spec.startMs),
    createdTimezone: spec.createdTimezone ?? 'UTC',
    startMs: spec.startMs,
    endMs,
    completeMs: spec.completeMs ?? endMs + 5 * MINUTE_MS,
    unexpectedEndMs: spec.unexpectedEndMs ?? null,
    sleepStages: [...spec.sleepStages],
    snoringStages: [...snoringStages],
    breathStages: spec.breathStages ? [...spec.breathStages] : null,
    breathStats: spec.breathStats ?? null,
    sleepIndex: spec.sleepIndex ?? plausibleSleepIndex(stats, rng),
    missingDataRatio: spec.missingDataRatio ?? 0,
    extraPeculiarities: (spec.extraPeculiarities ?? []).filter(
      (label) => !DERIVED_PECULIARITIES.includes(label),
    ),
    inferenceType: spec.inferenceType ?? 'MELSPECTROGRAM',
    service: spec.service ?? 'NOSERVICE',
  };
}

/** The parts of a Get-Session result (or SESSION_COMPLETE data) that define a night. */
export interface SleepDataLike {
  readonly user_id: string;
  readonly peculiarities?: readonly string[] | null;
  readonly missing_data_ratio?: number | null;
  readonly session: {
    readonly id: string;
    readonly start_time: string;
    readonly end_time?: string | null;
    readonly unexpected_end_time?: string | null;
    readonly created_timezone?: string | null;
    readonly sleep_stages?: readonly number[] | null;
    readonly snoring_stages?: readonly number[] | null;
    readonly breath_stages?: readonly number[] | null;
  };
  readonly stat?: Readonly<Record<string, unknown>> | null;
}

const numberOrNull = (value: unknown) => (typeof value === 'number' ? value : null);

/** A night from an Asleep payload, e.g. the contract's SESSION_COMPLETE sample (9.2). */
export function nightFromSleepData(data: SleepDataLike): Night {
  const { session, stat } = data;
  return nightFromSpec({
    userId: data.user_id,
    sessionId: session.id,
    createdTimezone: session.created_timezone ?? 'UTC',
    startMs: Date.parse(session.start_time),
    endMs: session.end_time ? Date.parse(session.end_time) : undefined,
    unexpectedEndMs: session.unexpected_end_time ? Date.parse(session.unexpected_end_time) : null,
    sleepStages: session.sleep_stages ?? [],
    snoringStages: session.snoring_stages ?? undefined,
    breathStages: session.breath_stages ?? null,
    breathStats:
      stat && session.breath_stages
        ? {
            timeInStableBreath: numberOrNull(stat.time_in_stable_breath),
            timeInUnstableBreath: numberOrNull(stat.time_in_unstable_breath),
            stableBreathRatio: numberOrNull(stat.stable_breath_ratio),
            unstableBreathRatio: numberOrNull(stat.unstable_breath_ratio),
            breathingIndex: numberOrNull(stat.breathing_index),
            breathingPattern:
              typeof stat.breathing_pattern === 'string' ? stat.breathing_pattern : null,
            unstableBreathCount: numberOrNull(stat.unstable_breath_count),
          }
        : null,
    sleepIndex: numberOrNull(stat?.sleep_index) ?? undefined,
    missingDataRatio: data.missing_data_ratio ?? 0,
    extraPeculiarities: data.peculiarities ?? [],
  });
}
