import { pgSchema } from 'drizzle-orm/pg-core';

/** Everything analytics-service stores lives in its own schema (database per service). */
export const analyticsSchema = pgSchema('analytics');
