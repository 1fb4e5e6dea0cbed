import { pgSchema } from 'drizzle-orm/pg-core';

/** Everything gateway stores lives in its own schema (database per service). */
export const gatewaySchema = pgSchema('gateway');
