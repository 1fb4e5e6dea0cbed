import { z } from 'zod';

/**
 * A tenant-defined tag on a user, `key:value` (`team:night-shift`, `arm:control`): lower-case
 * letters, digits, `-`, `_` and `.`. The key is a breakdown dimension (`tag:team`), the value the
 * user's group in it.
 */
export const UserTagSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_.-]{0,31}:[a-z0-9][a-z0-9_.-]{0,63}$/,
    'A tag is key:value, lower-case letters, digits, "-", "_" and "." (key up to 32, value up to 64)',
  );
export type UserTag = z.infer<typeof UserTagSchema>;

/** The key of a tag (`team` of `team:night-shift`). */
export const tagKeyOf = (tag: string) => tag.slice(0, tag.indexOf(':'));

export const MAX_USER_TAGS = 20;

/** A user's tags: at most one value per key, so every user is in one group of a tag dimension. */
export const UserTagsSchema = z
  .array(UserTagSchema)
  .max(MAX_USER_TAGS)
  .superRefine((tags, ctx) => {
    const keys = tags.map(tagKeyOf);
    const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
    if (repeated !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: `A user has at most one tag per key; "${repeated}" is given twice`,
      });
  });
