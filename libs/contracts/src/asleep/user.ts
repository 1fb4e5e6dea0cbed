import { z } from 'zod';
import { AsleepSessionIdSchema, AsleepUserIdSchema, UtcDefaultDateTimeSchema } from './common';
import { SessionStateSchema } from './enums';
import { asleepSuccessSchema } from './envelope';
import { orNull, printableText } from './schema-helpers';
import { UserMetadataResponseSchema, UserMetadataSchema } from './user-metadata';

/** U1 body; the whole body may also be omitted. */
export const CreateUserRequestSchema = z.object({ metadata: orNull(UserMetadataSchema) });
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

/** U3 body: `metadata` is required (object or null) and replaces, so always send all of it. */
export const UpdateUserRequestSchema = z.object({ metadata: UserMetadataSchema.nullable() });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

export const CreateUserResultSchema = z.object({ user_id: AsleepUserIdSchema });
export type CreateUserResult = z.infer<typeof CreateUserResultSchema>;
export const CreateUserResponseSchema = asleepSuccessSchema(CreateUserResultSchema);
export type CreateUserResponse = z.infer<typeof CreateUserResponseSchema>;

/** U2 `last_session_info`; its datetimes are rendered without an offset (UTC). */
export const LastSessionInfoSchema = z.object({
  session_id: AsleepSessionIdSchema,
  /** `MELSPECTROGRAM` or `AUDIO`; kept open. */
  inference_type: orNull(printableText('inference_type', 64)),
  /** Service name given at session creation, e.g. `SleepTracking`. */
  service: orNull(printableText('service', 200)),
  start_time: UtcDefaultDateTimeSchema,
  /** Null while OPEN. */
  end_time: orNull(UtcDefaultDateTimeSchema),
  state: SessionStateSchema,
  /** Null unless COMPLETE. */
  complete_time: orNull(UtcDefaultDateTimeSchema),
});
export type LastSessionInfo = z.infer<typeof LastSessionInfoSchema>;

/** U2 result. */
export const AsleepUserSchema = z.object({
  user_id: AsleepUserIdSchema,
  to_be_deleted: orNull(z.boolean()),
  last_session_info: orNull(LastSessionInfoSchema),
  metadata: orNull(UserMetadataResponseSchema),
});
export type AsleepUser = z.infer<typeof AsleepUserSchema>;
export const GetUserResponseSchema = asleepSuccessSchema(AsleepUserSchema);
export type GetUserResponse = z.infer<typeof GetUserResponseSchema>;

/** U3 result. */
export const UpdateUserResultSchema = z.object({
  user_id: AsleepUserIdSchema,
  metadata: orNull(UserMetadataResponseSchema),
});
export type UpdateUserResult = z.infer<typeof UpdateUserResultSchema>;
export const UpdateUserResponseSchema = asleepSuccessSchema(UpdateUserResultSchema);
export type UpdateUserResponse = z.infer<typeof UpdateUserResponseSchema>;
