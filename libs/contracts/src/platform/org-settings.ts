import { z } from 'zod';
import { IanaTimezoneSchema } from '../asleep/common';
import { ScoreWeightsSchema } from '../analytics/analytics-queries';
import { SleepDayRuleSchema } from '../analytics/night-fact';
import { AuditActorSchema } from './audit-entry';

/** k of k-anonymity (analytics definitions, section 8): the default, and the floor. */
export const MIN_GROUP_SIZE_FLOOR = 5;

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
const WorkDaysSchema = z
  .array(z.int().min(1).max(7))
  .min(1)
  .max(7)
  .refine((days) => new Set(days).size === days.length, 'workDays must not repeat a day');

const SumsTo100 = ScoreWeightsSchema.refine(
  (weights) => Object.values(weights).reduce((a, b) => a + b, 0) === 100,
  'The weights must sum to 100',
);

/**
 * An organisation's (tenant's) settings, each version kept. Null means the platform default:
 * end-date sleep days, each night's own zone, Monday to Friday, the default score weights, no
 * retention limit. They apply to computations made after the change.
 */
export const OrgSettingsSchema = z.object({
  sleepDayRule: SleepDayRuleSchema.nullable(),
  /** A zone that replaces each night's `created_timezone` for the sleep day. */
  sleepZone: IanaTimezoneSchema.nullable(),
  /** Work days for the chronotype; the others are free days (analytics definitions, section 5). */
  workDays: WorkDaysSchema.nullable(),
  scoreWeights: SumsTo100.nullable(),
  /** k: groups of fewer distinct users are suppressed in tenant statistics. */
  minGroupSize: z.int().min(MIN_GROUP_SIZE_FLOOR).max(1_000),
  /** The zone sessions and statistics are rendered in when a call names none. */
  defaultTimezone: IanaTimezoneSchema,
  /** Nights older than this many days are deleted everywhere, Asleep included; null keeps them. */
  retentionDays: z.int().min(1).max(36_500).nullable(),
});
export type OrgSettings = z.infer<typeof OrgSettingsSchema>;

export const DEFAULT_ORG_SETTINGS: Omit<OrgSettings, 'defaultTimezone'> = {
  sleepDayRule: null,
  sleepZone: null,
  workDays: null,
  scoreWeights: null,
  minGroupSize: MIN_GROUP_SIZE_FLOOR,
  retentionDays: null,
};

/** A change: only the fields named change; at least one. */
export const OrgSettingsPatchSchema = OrgSettingsSchema.partial().refine(
  (patch) => Object.values(patch).some((value) => value !== undefined),
  'Nothing to change',
);
export type OrgSettingsPatch = z.infer<typeof OrgSettingsPatchSchema>;

/** One version of the settings, with who made it and when. */
export const OrgSettingsVersionSchema = z.object({
  version: z.int().min(1),
  settings: OrgSettingsSchema,
  changedBy: AuditActorSchema,
  changedAt: z.iso.datetime({ offset: true }),
});
export type OrgSettingsVersion = z.infer<typeof OrgSettingsVersionSchema>;

/** ISO weekdays not worked: what analytics-service calls free days. */
export const freeDaysOf = (workDays: readonly number[]): number[] =>
  [1, 2, 3, 4, 5, 6, 7].filter((day) => !workDays.includes(day));
