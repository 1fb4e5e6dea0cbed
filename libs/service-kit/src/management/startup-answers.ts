import { json, type ManagementHandler, probeBody } from './management-endpoints';

/**
 * While the service waits for its dependencies (or drains on SIGTERM): live, so it is not
 * restarted, but not ready, saying why.
 */
export function notReadyAnswers(
  check: 'startup' | 'shutdown',
  details: () => Record<string, unknown>,
): ManagementHandler {
  return async (path) => {
    if (path === '/health/live') return json(200, probeBody({}));
    if (path === '/health/ready')
      return json(503, probeBody({ [check]: { status: 'down', ...details() } }));
    if (path === '/metrics') return json(503, { message: 'not serving yet' });
    return json(404, { message: `no ${path} here` });
  };
}
