import { CalendarDateSchema, MAX_LIST_SESSIONS_LIMIT, SortOrderSchema } from '@sleep/contracts';
import { z } from 'zod';
import { scope, TimezoneInputSchema } from './common.schema';

/** Asleep S2: `GET /data/v1/sessions`, with Asleep's names and defaults. */
export const ListSessionsInputSchema = z
  .object({
    ...scope,
    timezone: TimezoneInputSchema,
    /** Sessions whose start date, in `timezone`, is on or after this day. */
    date_gte: CalendarDateSchema.optional(),
    date_lte: CalendarDateSchema.optional(),
    order_by: SortOrderSchema.default('DESC'),
    offset: z.int().min(0).max(1_000_000).default(0),
    limit: z.int().min(0).max(MAX_LIST_SESSIONS_LIMIT).default(20),
  })
  .refine((q) => !q.date_gte || !q.date_lte || q.date_gte <= q.date_lte, {
    path: ['date_lte'],
    message: 'date_lte must not be before date_gte',
  });
export type ListSessionsInput = z.infer<typeof ListSessionsInputSchema>;
