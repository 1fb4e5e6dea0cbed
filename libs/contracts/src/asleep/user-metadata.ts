import { z } from 'zod';
import { GenderSchema } from './enums';

const FOURTEEN_HOURS_MS = 14 * 60 * 60 * 1000;

/** The current year anywhere on Earth (UTC+14 is the earliest zone), read at parse time. */
const latestBirthYear = () => new Date(Date.now() + FOURTEEN_HOURS_MS).getUTCFullYear();

const hasAtMostOneDecimal = (value: number) => Math.abs(value * 10 - Math.round(value * 10)) < 1e-6;

const daysInMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

const metadataFields = {
  birth_year: z
    .int()
    .min(1900)
    .refine((year) => year <= latestBirthYear(), 'birth_year must not be in the future')
    .nullish(),
  birth_month: z.int().min(1).max(12).nullish(),
  birth_day: z.int().min(1).max(31).nullish(),
  gender: GenderSchema.nullish(),
  /** Centimetres. */
  height: z.number().min(0).max(300).refine(hasAtMostOneDecimal, 'At most one decimal').nullish(),
  /** Kilograms. */
  weight: z.number().min(0).max(1000).refine(hasAtMostOneDecimal, 'At most one decimal').nullish(),
};

type MetadataDate = {
  birth_year?: number | null;
  birth_month?: number | null;
  birth_day?: number | null;
};

/** Asleep contract U1: the day must exist in its month; without a year, 29 February is allowed. */
function checkBirthDay(meta: MetadataDate, ctx: z.RefinementCtx) {
  if (meta.birth_day == null || meta.birth_month == null) return;
  const max = daysInMonth(meta.birth_year ?? 2000, meta.birth_month);
  if (meta.birth_day > max) {
    ctx.addIssue({
      code: 'custom',
      path: ['birth_day'],
      message: `birth_day must be at most ${max} for month ${meta.birth_month}`,
    });
  }
}

/** User metadata as sent (Asleep contract U1, U3): every field optional and nullable. */
export const UserMetadataSchema = z.object(metadataFields).superRefine(checkBirthDay);
export type UserMetadata = z.infer<typeof UserMetadataSchema>;

/** User metadata as returned: also accepts the misspelled `gendar` key (Asleep contract U3). */
export const UserMetadataResponseSchema = z
  .object({ ...metadataFields, gendar: GenderSchema.nullish() })
  .superRefine(checkBirthDay)
  .transform(
    ({ gendar, ...meta }): UserMetadata =>
      meta.gender === undefined && gendar !== undefined ? { ...meta, gender: gendar } : meta,
  );
export type UserMetadataResponse = z.infer<typeof UserMetadataResponseSchema>;
