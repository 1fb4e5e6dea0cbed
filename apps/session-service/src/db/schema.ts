import { pgSchema } from 'drizzle-orm/pg-core';

/** Everything session-service stores lives in its own schema (database per service). */
export const sessionsSchema = pgSchema('sessions');
