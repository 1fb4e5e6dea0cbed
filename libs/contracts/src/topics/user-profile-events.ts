import { z } from 'zod';
import { AsleepUserIdSchema } from '../asleep/common';
import { GenderSchema } from '../asleep/enums';
import { UserTagsSchema } from '../analytics/user-tags';
import { envelopeSchema } from './envelope';

export const USER_PROFILE_UPDATED = 'sleep.user-profile.updated';

/**
 * The profile fields other services compute with (age bands, tenant breakdowns), as the gateway
 * last stored them.
 * No "not in the future" check on the year: a replay of the compacted topic must always parse.
 */
export const UserProfilePayloadSchema = z.object({
  userId: AsleepUserIdSchema,
  birthYear: z.int().min(1900).max(2200).nullable(),
  gender: GenderSchema.nullable(),
  /** Tenant-defined tags (`team:night-shift`); absent in profiles published before tags existed. */
  tags: UserTagsSchema.default([]),
});
export type UserProfilePayload = z.infer<typeof UserProfilePayloadSchema>;

/**
 * The value of `sleep.user-profiles.v1` messages, keyed by the Asleep user id: compacted, so the
 * latest profile of every user stays; a deleted user's key gets a tombstone (no value).
 */
export const UserProfileUpdatedSchema = envelopeSchema(
  USER_PROFILE_UPDATED,
  UserProfilePayloadSchema,
).extend({ version: z.literal(1) });
export type UserProfileUpdated = z.infer<typeof UserProfileUpdatedSchema>;
