import { z } from 'zod';
import { printableText } from './schema-helpers';

/** Asleep contract 7.1: one value per 30 s epoch; `-1` is "no data". On a 2-stage plan `1` means sleep. */
export const SleepStage = { NoData: -1, Wake: 0, Light: 1, Deep: 2, Rem: 3 } as const;
export const SleepStageSchema = z.literal([-1, 0, 1, 2, 3]);
export type SleepStage = z.infer<typeof SleepStageSchema>;

/** Asleep contract 7.2. */
export const SnoringStage = { NoSnoring: 0, Snoring: 1 } as const;
export const SnoringStageSchema = z.literal([0, 1]);
export type SnoringStage = z.infer<typeof SnoringStageSchema>;

/** Asleep contract 6: OPEN -> CLOSED -> COMPLETE. */
export const SessionStateSchema = z.enum(['OPEN', 'CLOSED', 'COMPLETE']);
export type SessionState = z.infer<typeof SessionStateSchema>;

/** The labels documented in Asleep contract 7.4. */
export const KnownPeculiaritySchema = z.enum([
  'IN_PROGRESS',
  'NEVER_SLEPT',
  'TOO_SHORT_FOR_ANALYSIS',
  'TOO_LONG_FOR_ANALYSIS',
  'TOO_MANY_DEFECTS_IN_SLEEP_STAGES',
  'NO_BREATHING_STABILITY',
  'NO_REALTIME_POLLING',
]);
export type KnownPeculiarity = z.infer<typeof KnownPeculiaritySchema>;

/** A known label, or one Asleep added later; `string & {}` keeps the known ones autocompleted. */
export type Peculiarity = KnownPeculiarity | (string & {});

/**
 * Any non-empty label: a new upstream label must not make a whole session unreadable.
 * Narrow with `isKnownPeculiarity`.
 */
export const PeculiaritySchema = printableText('peculiarity', 100).transform(
  (label): Peculiarity => label,
);

export function isKnownPeculiarity(label: string): label is KnownPeculiarity {
  return (KnownPeculiaritySchema.options as readonly string[]).includes(label);
}

/** Asleep contract 7.4: with any of these, `stat` is null. */
export const STATLESS_PECULIARITIES: readonly KnownPeculiarity[] = [
  'IN_PROGRESS',
  'NO_REALTIME_POLLING',
  'TOO_SHORT_FOR_ANALYSIS',
  'TOO_MANY_DEFECTS_IN_SLEEP_STAGES',
];

/** Null or missing reads as "no peculiarities". */
export const PeculiaritiesSchema = z
  .array(PeculiaritySchema)
  .max(64)
  .nullish()
  .transform((labels): Peculiarity[] => labels ?? []);
export type Peculiarities = z.infer<typeof PeculiaritiesSchema>;

export const GenderSchema = z.enum(['male', 'female', 'non_binary', 'other', 'prefer_not_to_say']);
export type Gender = z.infer<typeof GenderSchema>;

/** Asleep contract 5.2: no other event types are documented. */
export const AsleepWebhookEventSchema = z.enum(['INFERENCE_COMPLETE', 'SESSION_COMPLETE']);
export type AsleepWebhookEvent = z.infer<typeof AsleepWebhookEventSchema>;

/** `order_by` of list-sessions (Asleep contract S2). */
export const SortOrderSchema = z.enum(['ASC', 'DESC']);
export type SortOrder = z.infer<typeof SortOrderSchema>;
