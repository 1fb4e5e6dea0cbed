/** Route keys as counted by the sim and accepted by the `routes` fault knob (Asleep contract 2). */
export const ROUTES = {
  createUser: 'POST /ai/v1/users',
  getUser: 'GET /ai/v1/users/:user_id',
  updateUser: 'PUT /ai/v1/users/:user_id',
  deleteUser: 'DELETE /ai/v1/users/:user_id',
  getSession: 'GET /data/v3/sessions/:session_id',
  listSessions: 'GET /data/v1/sessions',
  deleteSession: 'DELETE /ai/v1/sessions/:session_id',
  averageStats: 'GET /data/v1/users/:user_id/average-stats',
  /** Any request that matched no route. */
  unmatched: 'unmatched',
} as const;
export type RouteKey = (typeof ROUTES)[keyof typeof ROUTES];

export const ADMIN_PREFIX = '/_sim';

const PATTERNS = Object.values(ROUTES)
  .filter((key) => key !== ROUTES.unmatched)
  .map((key) => {
    const [method, path] = key.split(' ');
    return { method, pattern: new RegExp(`^${path.replace(/:[a-z_]+/g, '[^/]+')}$`) };
  });

/** True when `path` is an Asleep route, just not for `method`: FastAPI answers 405 then. */
export const isWrongMethod = (method: string, path: string): boolean =>
  PATTERNS.some((route) => route.method !== method && route.pattern.test(path));
