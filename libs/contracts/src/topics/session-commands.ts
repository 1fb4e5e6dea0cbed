import { z } from 'zod';
import { AsleepUserIdSchema, CalendarDateSchema, IanaTimezoneSchema } from '../asleep/common';
import { envelopeSchema } from './envelope';

export const BACKFILL_REQUESTED = 'sleep.session.backfill-requested';

/**
 * Import a user's history from the Asleep API: every session whose start date, in `timezone`,
 * lies in `[dateFrom, dateTo]` (Asleep contract S2). The envelope `eventId` is the command id.
 */
export const BackfillRequestedPayloadSchema = z
  .object({
    userId: AsleepUserIdSchema,
    dateFrom: CalendarDateSchema,
    dateTo: CalendarDateSchema,
    timezone: IanaTimezoneSchema.default('UTC'),
  })
  .refine((command) => command.dateFrom <= command.dateTo, {
    path: ['dateTo'],
    message: 'dateTo must not be before dateFrom',
  });
export type BackfillRequestedPayload = z.infer<typeof BackfillRequestedPayloadSchema>;

/** A message on `sleep.session-commands.v1`, keyed by the Asleep user id. */
export const BackfillRequestedSchema = envelopeSchema(
  BACKFILL_REQUESTED,
  BackfillRequestedPayloadSchema,
).extend({
  version: z.literal(1),
});
export type BackfillRequested = z.infer<typeof BackfillRequestedSchema>;
