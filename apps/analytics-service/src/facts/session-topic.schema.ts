import {
  EnvelopeBaseSchema,
  SESSION_COMPLETED,
  SESSION_DELETED,
  SESSION_PROGRESSED,
  SessionEventSchema,
  type SessionEvent,
  USER_DELETED,
  USER_UPSERTED,
  UserEventSchema,
  type UserEvent,
} from '@sleep/contracts';
import { z } from 'zod';

export type TopicMessage<E> = { kind: 'event'; event: E } | { kind: 'other'; type: string };

/**
 * A known event type must match its schema (else the DLQ); a type this service does not use yet
 * is passed over, so a producer may add events without breaking it.
 */
function tolerantSchema<E>(known: readonly string[], schema: z.ZodType<E>) {
  const types = new Set(known);
  return EnvelopeBaseSchema.transform((base, ctx): TopicMessage<E> => {
    if (!types.has(base.type)) return { kind: 'other', type: base.type };
    const parsed = schema.safeParse(base);
    if (parsed.success) return { kind: 'event', event: parsed.data };
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  });
}

export const SessionTopicMessageSchema = tolerantSchema<SessionEvent>(
  [SESSION_PROGRESSED, SESSION_COMPLETED, SESSION_DELETED],
  SessionEventSchema,
);
export type SessionTopicMessage = z.infer<typeof SessionTopicMessageSchema>;

export const UserTopicMessageSchema = tolerantSchema<UserEvent>(
  [USER_UPSERTED, USER_DELETED],
  UserEventSchema,
);
export type UserTopicMessage = z.infer<typeof UserTopicMessageSchema>;
