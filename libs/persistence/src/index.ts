// Postgres access for the services: one handle over pg or embedded PGlite, migrations, health.
export { checkDatabase } from './check-database';
export {
  openDatabase,
  type Database,
  type DatabaseHandle,
  type AnyDatabaseHandle,
  type QueryOptions,
  type DatabaseLogger,
  type OpenDatabaseOptions,
  type Transaction,
} from './database';
export { DatabaseHealthIndicator } from './database.health';
export {
  MIGRATIONS_TABLE,
  migrateDatabase,
  type MigrateOptions,
  type MigrateResult,
} from './migrate';
export {
  PersistenceModule,
  type PersistenceModuleAsyncOptions,
  type PersistenceOptions,
} from './persistence.module';
export { DATABASE } from './persistence.tokens';
export { databaseTarget, probePostgres } from './probe-postgres';
export { isDatabaseUnavailable } from './database-unavailable';
