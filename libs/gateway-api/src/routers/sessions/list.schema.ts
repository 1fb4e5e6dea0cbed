import {
  AsleepSessionListItemSchema,
  CalendarDateSchema,
  MAX_LIST_SESSIONS_LIMIT,
  SortOrderSchema,
} from '@sleep/contracts';
import { z } from 'zod';
import { TargetUserSchema, TimezoneInputSchema } from '../../schemas/common-inputs.schema';

/** Asleep contract S2's query, with the gateway's defaults spelled out. */
export const ListSessionsInputSchema = z
  .object({
    appUserId: TargetUserSchema,
    timezone: TimezoneInputSchema,
    /** Sessions starting on or after this date, in `timezone`. */
    dateGte: CalendarDateSchema.optional(),
    dateLte: CalendarDateSchema.optional(),
    orderBy: SortOrderSchema.default('DESC'),
    limit: z.int().min(1).max(MAX_LIST_SESSIONS_LIMIT).default(20),
    offset: z.int().min(0).max(100_000).default(0),
  })
  .refine((q) => !q.dateGte || !q.dateLte || q.dateGte <= q.dateLte, {
    path: ['dateLte'],
    message: 'dateLte must not be before dateGte',
  });
export type ListSessionsInput = z.infer<typeof ListSessionsInputSchema>;

export const ListSessionsOutputSchema = z.object({
  timezone: z.string(),
  sessions: z.array(AsleepSessionListItemSchema),
  nextOffset: z.int().nullable(),
});
export type ListSessionsOutput = z.infer<typeof ListSessionsOutputSchema>;
