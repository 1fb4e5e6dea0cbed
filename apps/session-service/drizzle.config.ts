// Generates this service's migrations: npx drizzle-kit generate --config apps/session-service/drizzle.config.ts
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/session-service/src/db/schema.ts',
  out: './apps/session-service/src/migrations',
  schemaFilter: ['sessions'],
});
