import { createServer, type Server } from 'node:http';

export interface StartupStatus {
  /** What the service is waiting for right now, e.g. `postgres at 127.0.0.1:5432`. */
  waitingFor: ReadonlySet<string>;
}

/**
 * Answers the probes while the service waits for its dependencies, before the app itself can
 * listen: live (the process is fine, do not restart it) but not ready, saying what it waits for.
 * The body has the shape of the app's own terminus answers.
 */
export function startStartupProbeServer(
  port: number,
  host: string,
  status: StartupStatus,
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const live = path === '/health/live';
    const starting = { status: 'down', waitingFor: [...status.waitingFor] };
    const body = live
      ? { status: 'ok', info: {}, error: {}, details: {} }
      : { status: 'error', info: {}, error: { startup: starting }, details: { startup: starting } };
    res.writeHead(live ? 200 : 503, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify(body));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Frees the port for the app: stops listening and drops the probes' connections. */
export function closeStartupProbeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
