import { procedureFor, router } from '../../trpc';
import { ResearchExportInputSchema, UserExportInputSchema } from './exports.schema';
import { researchExport } from './research-export.handler';
import { userExport } from './user-export.handler';

/**
 * Downloads: the same authentication, tenant status, rate limits and roles as every procedure,
 * called in process by the gateway's HTTP download routes (not mounted on /trpc: their results
 * are streams, not JSON).
 */
export const exportsRouter = router({
  user: procedureFor('member', 'analyst', 'admin')
    .input(UserExportInputSchema)
    .query(({ ctx, input }) => userExport(ctx, input)),
  research: procedureFor('admin')
    .input(ResearchExportInputSchema)
    .query(({ ctx, input }) => researchExport(ctx, input)),
});

export type ExportsRouter = typeof exportsRouter;
