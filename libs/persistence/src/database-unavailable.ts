// SQLSTATEs that mean "the server is going away or not taking connections", not "your query is wrong":
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. Class 08 is connection
// exceptions. https://www.postgresql.org/docs/current/errcodes-appendix.html
const UNAVAILABLE_SQL_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// node-postgres raises these as plain Errors without a code.
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
];

/**
 * Whether an error means the database cannot be reached right now (restart, failover, network),
 * so the caller should answer "unavailable, try again" rather than "internal error". Follows
 * `cause` chains, since query builders wrap the driver's error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (UNAVAILABLE_SQL_STATES.has(code) || NETWORK_CODES.has(code)) return true;
      if (/^08[0-9A-Z]{3}$/.test(code)) return true;
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(message)))
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
