import type { OrgStatsResult } from '@sleep/analytics-rpc';
import { procedureFor, router } from '../../trpc';
import { analyticsOutput } from '../analytics/analytics.schema';
import { orgSettingsRouter } from './org-settings.router';
import { orgBreakdownHandler, orgStatsHandler } from './org.handlers';
import { OrgBreakdownInputSchema, OrgStatsInputSchema } from './org.schema';

const tags = ['org'];

/** Tenant statistics (analytics definitions, section 8) and the organisation's settings. */
export const orgRouter = router({
  settings: orgSettingsRouter,
  stats: procedureFor('analyst', 'admin')
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/stats',
        tags,
        summary: 'Statistics of the whole tenant for a period (k-anonymous)',
      },
    })
    .input(OrgStatsInputSchema)
    .output(
      analyticsOutput<OrgStatsResult>(
        'Active users, nights, completeness and its SLO, distributions',
      ),
    )
    .query(orgStatsHandler),
  breakdown: procedureFor('analyst', 'admin')
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/breakdown',
        tags,
        summary: 'Tenant statistics by age band, gender or tag (one or two; k-anonymous)',
      },
    })
    .input(OrgBreakdownInputSchema)
    .output(analyticsOutput<OrgStatsResult>('The total and every group; small groups suppressed'))
    .query(orgBreakdownHandler),
});
