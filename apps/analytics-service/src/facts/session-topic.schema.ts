import {
  SESSION_COMPLETED,
  SESSION_DELETED,
  SESSION_PROGRESSED,
  SessionEventSchema,
  type SessionEvent,
  tolerantTopicMessage,
} from '@sleep/contracts';
import type { z } from 'zod';

export const SessionTopicMessageSchema = tolerantTopicMessage<SessionEvent>(
  [SESSION_PROGRESSED, SESSION_COMPLETED, SESSION_DELETED],
  SessionEventSchema,
);
export type SessionTopicMessage = z.infer<typeof SessionTopicMessageSchema>;
