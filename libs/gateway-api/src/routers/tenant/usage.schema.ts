import { CalendarDateSchema } from '@sleep/contracts';
import { z } from 'zod';
import { UsageDaySchema } from '../../schemas/views.schema';

const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_USAGE_DAYS = 92;

export const UsageInputSchema = z
  .object({ from: CalendarDateSchema, to: CalendarDateSchema })
  .refine(({ from, to }) => from <= to, { path: ['to'], message: 'to must not be before from' })
  .refine(({ from, to }) => (Date.parse(to) - Date.parse(from)) / DAY_MS < MAX_USAGE_DAYS, {
    path: ['to'],
    message: `At most ${MAX_USAGE_DAYS} days`,
  });
export type UsageInput = z.infer<typeof UsageInputSchema>;

export const UsageOutputSchema = z.object({ days: z.array(UsageDaySchema) });
export type UsageOutput = z.infer<typeof UsageOutputSchema>;
