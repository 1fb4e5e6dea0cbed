// Generates this service's migrations: npx drizzle-kit generate --config apps/gateway/drizzle.config.ts
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/gateway/src/db/schema.ts',
  out: './apps/gateway/src/migrations',
  schemaFilter: ['gateway'],
});
