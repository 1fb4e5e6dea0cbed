// A real PostgreSQL server from the npm registry's binaries, started and stopped by the caller.
export {
  startEmbeddedPostgres,
  type EmbeddedPostgresServer,
  type StartEmbeddedPostgresOptions,
  type StopMode,
} from './embedded-pg-server';
export { freePort } from './free-port';
