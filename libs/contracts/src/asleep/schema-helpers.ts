import { z } from 'zod';

const CONTROL_CHARS = /\p{Cc}/u;

/** A non-empty string of at most `max` characters without control characters. */
export const printableText = (what: string, max: number) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} must be at most ${max} characters`)
    .refine((text) => !CONTROL_CHARS.test(text), `${what} must not contain control characters`);

/** Null or missing upstream, always `null` once parsed, so consumers test one thing. */
export const orNull = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);
