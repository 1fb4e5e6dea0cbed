import { router } from '../trpc';
import { analyticsRouter } from './analytics/analytics.router';
import { auditRouter } from './audit/audit.router';
import { exportsApiRouter } from './exports/exports.router';
import { meProcedure } from './me/me.router';
import { orgRouter } from './org/org.router';
import { platformRouter } from './platform/platform.router';
import { sessionsRouter } from './sessions/sessions.router';
import { statsRouter } from './stats/stats.router';
import { syncRouter } from './sync/sync.router';
import { tenantRouter } from './tenant/tenant.router';
import { usersRouter } from './users/users.router';
import { webhooksRouter } from './webhooks/webhooks.router';

/** The gateway's API; `analytics` is served by analytics-service's internal RPC. */
export const appRouter = router({
  me: meProcedure,
  users: usersRouter,
  sessions: sessionsRouter,
  stats: statsRouter,
  analytics: analyticsRouter,
  tenant: tenantRouter,
  org: orgRouter,
  audit: auditRouter,
  exports: exportsApiRouter,
  platform: platformRouter,
  webhooks: webhooksRouter,
  sync: syncRouter,
});

export type AppRouter = typeof appRouter;
