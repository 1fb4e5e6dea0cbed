import { z } from 'zod';
import {
  AsleepSessionIdSchema,
  AsleepUserIdSchema,
  OffsetDateTimeSchema,
  TimezoneNameSchema,
} from '../asleep/common';
import { SessionStateSchema, SleepStageSchema, SnoringStageSchema } from '../asleep/enums';
import { SleepDataSchema } from '../asleep/session';
import { MAX_SESSION_EPOCHS } from '../asleep/stages';
import { envelopeSchema } from './envelope';

export const SESSION_PROGRESSED = 'sleep.session.progressed';
export const SESSION_COMPLETED = 'sleep.session.completed';
export const SESSION_DELETED = 'sleep.session.deleted';

/**
 * Every event of one session carries its `version`: 1 for the first stored change, +1 per later
 * one, so a consumer can order them and drop what it has seen. The envelope `eventId` is
 * `<sessionId>@<version>`, stable across redeliveries.
 */
const SessionRefSchema = z.object({
  userId: AsleepUserIdSchema,
  sessionId: AsleepSessionIdSchema,
  version: z.int().positive(),
});

/** A run of consecutive epochs from `fromEpoch`; null marks an epoch not received yet. */
export const EpochRunSchema = z.object({
  fromEpoch: z.int().min(0).max(MAX_SESSION_EPOCHS),
  sleepStages: z.array(SleepStageSchema.nullable()).max(MAX_SESSION_EPOCHS),
  snoringStages: z.array(SnoringStageSchema.nullable()).max(MAX_SESSION_EPOCHS),
  /** Null without breathing-stability analysis. */
  breathStages: z.array(z.int().nullable()).max(MAX_SESSION_EPOCHS).nullable(),
});
export type EpochRun = z.infer<typeof EpochRunSchema>;

/** New epochs of a night that is still OPEN or CLOSED (Asleep contract 5.4). */
export const SessionProgressedPayloadSchema = SessionRefSchema.extend({
  state: SessionStateSchema.exclude(['COMPLETE']),
  startTime: OffsetDateTimeSchema,
  endTime: OffsetDateTimeSchema.nullable(),
  createdTimezone: TimezoneNameSchema.nullable(),
  /** Epochs received so far, in the whole night. */
  receivedEpochs: z.int().min(0).max(MAX_SESSION_EPOCHS),
  epochs: EpochRunSchema,
});
export type SessionProgressedPayload = z.infer<typeof SessionProgressedPayloadSchema>;

/** The whole night once Asleep's final analysis is stored; `sleepData` is rendered in UTC. */
export const SessionCompletedPayloadSchema = SessionRefSchema.extend({
  sleepData: SleepDataSchema,
});
export type SessionCompletedPayload = z.infer<typeof SessionCompletedPayloadSchema>;

export const SessionDeletionReasonSchema = z.enum([
  /** Deleted on request (upstream first, then here). */
  'session-deleted',
  /** Its user was deleted (`sleep.users.v1`). */
  'user-deleted',
  /** Asleep no longer knows it (404 while recovering it). */
  'missing-upstream',
]);
export type SessionDeletionReason = z.infer<typeof SessionDeletionReasonSchema>;

export const SessionDeletedPayloadSchema = SessionRefSchema.extend({
  reason: SessionDeletionReasonSchema,
});
export type SessionDeletedPayload = z.infer<typeof SessionDeletedPayloadSchema>;

export const SessionProgressedSchema = envelopeSchema(
  SESSION_PROGRESSED,
  SessionProgressedPayloadSchema,
).extend({
  version: z.literal(1),
});
export const SessionCompletedSchema = envelopeSchema(
  SESSION_COMPLETED,
  SessionCompletedPayloadSchema,
).extend({
  version: z.literal(1),
});
export const SessionDeletedSchema = envelopeSchema(
  SESSION_DELETED,
  SessionDeletedPayloadSchema,
).extend({
  version: z.literal(1),
});
export type SessionProgressed = z.infer<typeof SessionProgressedSchema>;
export type SessionCompleted = z.infer<typeof SessionCompletedSchema>;
export type SessionDeleted = z.infer<typeof SessionDeletedSchema>;

/** The value of every `sleep.sessions.v1` message, keyed by the Asleep user id. */
export const SessionEventSchema = z.discriminatedUnion('type', [
  SessionProgressedSchema,
  SessionCompletedSchema,
  SessionDeletedSchema,
]);
export type SessionEvent = z.infer<typeof SessionEventSchema>;

/**
 * A `sleep.sessions.v1` event as a reader that acts on deletions alone needs it: a deletion is
 * checked in full, any other event by its type only (a completed night's stages are not walked).
 */
export const SessionDeletionsSchema = z.discriminatedUnion('type', [
  SessionDeletedSchema,
  z.object({ type: z.enum([SESSION_PROGRESSED, SESSION_COMPLETED]) }),
]);
export type SessionDeletions = z.infer<typeof SessionDeletionsSchema>;
