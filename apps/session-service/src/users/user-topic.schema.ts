import {
  EnvelopeBaseSchema,
  USER_DELETED,
  USER_UPSERTED,
  UserEventSchema,
  type UserEvent,
} from '@sleep/contracts';
import { z } from 'zod';

const KNOWN = new Set<string>([USER_DELETED, USER_UPSERTED]);

export type UserTopicMessage =
  | { kind: 'event'; event: UserEvent }
  | { kind: 'other'; type: string; tenantId: string };

/**
 * A `sleep.users.v1` message: a known event type must match its schema (else the DLQ); a type this
 * service does not use yet is passed over, so a producer may add events without breaking it.
 */
export const UserTopicMessageSchema = EnvelopeBaseSchema.transform(
  (base, ctx): UserTopicMessage => {
    if (!KNOWN.has(base.type)) return { kind: 'other', type: base.type, tenantId: base.tenantId };
    const parsed = UserEventSchema.safeParse(base);
    if (parsed.success) return { kind: 'event', event: parsed.data };
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  },
);
