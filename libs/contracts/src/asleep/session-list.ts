import { z } from 'zod';
import {
  AsleepSessionIdSchema,
  CalendarDateSchema,
  OffsetDateTimeSchema,
  ResponseTimezoneSchema,
  TimezoneNameSchema,
} from './common';
import { SessionStateSchema, SortOrderSchema } from './enums';
import { asleepSuccessSchema } from './envelope';
import { orNull } from './schema-helpers';

export const MAX_LIST_SESSIONS_LIMIT = 100;

/** S2 query; dates are evaluated in the `timezone` header's zone. Omitted keys take Asleep's defaults. */
export const ListSessionsQuerySchema = z
  .object({
    date_gte: CalendarDateSchema.optional(),
    date_lte: CalendarDateSchema.optional(),
    /** By session start; Asleep defaults to DESC. */
    order_by: SortOrderSchema.optional(),
    offset: z.int().min(0).optional(),
    /** Asleep defaults to 20. */
    limit: z.int().min(0).max(MAX_LIST_SESSIONS_LIMIT).optional(),
  })
  .refine((q) => !q.date_gte || !q.date_lte || q.date_gte <= q.date_lte, {
    path: ['date_lte'],
    message: 'date_lte must not be before date_gte',
  });
export type ListSessionsQuery = z.infer<typeof ListSessionsQuerySchema>;

export const AsleepSessionListItemSchema = z.object({
  session_id: AsleepSessionIdSchema,
  state: SessionStateSchema,
  session_start_time: OffsetDateTimeSchema,
  /** Null while OPEN. */
  session_end_time: orNull(OffsetDateTimeSchema),
  created_timezone: orNull(TimezoneNameSchema),
  unexpected_end_time: orNull(OffsetDateTimeSchema),
  /** Index of the last uploaded audio chunk. */
  last_received_seq_num: orNull(z.int()),
  /** Seconds. */
  time_in_bed: orNull(z.int().min(0)),
});
export type AsleepSessionListItem = z.infer<typeof AsleepSessionListItemSchema>;

/** S2 result. There is no total or cursor: a page shorter than `limit` is the last one. */
export const ListSessionsResultSchema = z.object({
  timezone: ResponseTimezoneSchema,
  sleep_session_list: z.array(AsleepSessionListItemSchema),
});
export type ListSessionsResult = z.infer<typeof ListSessionsResultSchema>;

export const ListSessionsResponseSchema = asleepSuccessSchema(ListSessionsResultSchema);
export type ListSessionsResponse = z.infer<typeof ListSessionsResponseSchema>;
