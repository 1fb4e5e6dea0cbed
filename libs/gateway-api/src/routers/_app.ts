import { router } from '../trpc';
import { meProcedure } from './me/me.router';
import { platformRouter } from './platform/platform.router';
import { sessionsRouter } from './sessions/sessions.router';
import { statsRouter } from './stats/stats.router';
import { tenantRouter } from './tenant/tenant.router';
import { usersRouter } from './users/users.router';

/**
 * The gateway's API. `analytics` (nightly facts, trends, reports from analytics-service) joins
 * here as its own namespace when that service's RPC exists.
 */
export const appRouter = router({
  me: meProcedure,
  users: usersRouter,
  sessions: sessionsRouter,
  stats: statsRouter,
  tenant: tenantRouter,
  platform: platformRouter,
});

export type AppRouter = typeof appRouter;
