// Generates this service's migrations: npx drizzle-kit generate --config apps/analytics-service/drizzle.config.ts
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/analytics-service/src/db/schema.ts',
  out: './apps/analytics-service/src/migrations',
  schemaFilter: ['analytics'],
});
