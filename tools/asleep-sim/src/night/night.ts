import type { BreathStats } from '@sleep/sleep-metrics';

/**
 * One recorded session as the simulated platform holds it after the final analysis: the
 * immutable truth from which every S1, S2, A1 and webhook payload is rendered.
 */
export interface Night {
  readonly userId: string;
  readonly sessionId: string;
  /** Zone of the device when the session was created (Asleep contract S1). */
  readonly createdTimezone: string;
  readonly startMs: number;
  /** Not necessarily a whole number of epochs after `startMs`: a trailing partial epoch is allowed. */
  readonly endMs: number;
  /** When the final analysis finished: `complete_time` and the SESSION_COMPLETE moment. */
  readonly completeMs: number;
  readonly unexpectedEndMs: number | null;
  /** One value per 30 s epoch (Asleep contract 7.1). */
  readonly sleepStages: readonly number[];
  readonly snoringStages: readonly number[];
  /** Null without breathing-stability analysis, which adds NO_BREATHING_STABILITY (Asleep contract 7.4). */
  readonly breathStages: readonly number[] | null;
  readonly breathStats: Partial<BreathStats> | null;
  /** Model output (Asleep contract S1); not derivable from the stages. */
  readonly sleepIndex: number;
  readonly missingDataRatio: number;
  /** Labels that cannot be derived from the data, e.g. NO_REALTIME_POLLING, TOO_MANY_DEFECTS_IN_SLEEP_STAGES. */
  readonly extraPeculiarities: readonly string[];
  readonly inferenceType: string;
  readonly service: string;
}

/** What `generateNight` decided a night would be; forced with its `kind` option. */
export type NightKind = 'normal' | 'never-slept' | 'too-short';

/** A night given by hand: only the essentials, the rest defaults. */
export interface NightSpec {
  readonly userId: string;
  readonly sessionId?: string;
  readonly createdTimezone?: string;
  readonly startMs: number;
  readonly endMs?: number;
  readonly completeMs?: number;
  readonly unexpectedEndMs?: number | null;
  readonly sleepStages: readonly number[];
  readonly snoringStages?: readonly number[];
  readonly breathStages?: readonly number[] | null;
  readonly breathStats?: Partial<BreathStats> | null;
  readonly sleepIndex?: number;
  readonly missingDataRatio?: number;
  readonly extraPeculiarities?: readonly string[];
  readonly inferenceType?: string;
  readonly service?: string;
}
