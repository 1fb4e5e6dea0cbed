// Generates this service's migrations: npx drizzle-kit generate --config apps/webhook-ingest/drizzle.config.ts
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/webhook-ingest/src/db/schema.ts',
  out: './apps/webhook-ingest/src/migrations',
  schemaFilter: ['ingest'],
});
