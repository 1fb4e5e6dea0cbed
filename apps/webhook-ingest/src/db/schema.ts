import { pgSchema } from 'drizzle-orm/pg-core';

/** Everything webhook-ingest stores lives in its own schema (database per service). */
export const ingestSchema = pgSchema('ingest');
