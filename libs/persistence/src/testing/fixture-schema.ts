// Source of fixture-migrations/, regenerated with drizzle-kit as the README shows.
import { integer, pgSchema, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const demo = pgSchema('demo');

export const nights = demo.table(
  'nights',
  {
    id: serial('id').primaryKey(),
    userId: text('user_id').notNull(),
    sessionId: text('session_id').notNull(),
    sleepMinutes: integer('sleep_minutes').notNull(),
    score: integer('score'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('nights_session_id_key').on(t.sessionId)],
);
