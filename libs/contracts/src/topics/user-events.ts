import { z } from 'zod';
import { AsleepUserIdSchema } from '../asleep/common';
import { UserMetadataSchema } from '../asleep/user-metadata';
import { envelopeSchema } from './envelope';
import { tolerantTopicMessage } from './tolerant-message';

export const USER_UPSERTED = 'sleep.user.upserted';
export const USER_DELETED = 'sleep.user.deleted';

/** A user was created or its metadata changed (the whole metadata, as Asleep replaces it). */
export const UserUpsertedPayloadSchema = z.object({
  userId: AsleepUserIdSchema,
  metadata: UserMetadataSchema.nullable(),
});
export type UserUpsertedPayload = z.infer<typeof UserUpsertedPayloadSchema>;

/** A user was deleted upstream; every service removes what it holds about them. */
export const UserDeletedPayloadSchema = z.object({
  userId: AsleepUserIdSchema,
});
export type UserDeletedPayload = z.infer<typeof UserDeletedPayloadSchema>;

export const UserUpsertedSchema = envelopeSchema(USER_UPSERTED, UserUpsertedPayloadSchema).extend({
  version: z.literal(1),
});
export const UserDeletedSchema = envelopeSchema(USER_DELETED, UserDeletedPayloadSchema).extend({
  version: z.literal(1),
});
export type UserUpserted = z.infer<typeof UserUpsertedSchema>;
export type UserDeleted = z.infer<typeof UserDeletedSchema>;

/** The value of every `sleep.users.v1` message, keyed by the Asleep user id. */
export const UserEventSchema = z.discriminatedUnion('type', [
  UserUpsertedSchema,
  UserDeletedSchema,
]);
export type UserEvent = z.infer<typeof UserEventSchema>;

/** A `sleep.users.v1` message as its consumers read it: a user event, or a type added later. */
export const UserTopicMessageSchema = tolerantTopicMessage<UserEvent>(
  [USER_UPSERTED, USER_DELETED],
  UserEventSchema,
);
export type UserTopicMessage = z.infer<typeof UserTopicMessageSchema>;
