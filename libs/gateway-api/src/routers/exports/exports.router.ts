import { procedureFor, router } from '../../trpc';
import {
  CreateResearchExportInputSchema,
  ResearchExportIdInputSchema,
  ResearchExportOutputSchema,
  UserExportInputSchema,
} from './exports.schema';
import {
  createResearchExport,
  downloadResearchExport,
  getResearchExport,
} from './research-export.handler';
import { userExport } from './user-export.handler';

const tags = ['exports'];
const admins = procedureFor('admin');

/** Research exports as JSON procedures: create one, then follow its status and progress. */
export const exportsApiRouter = router({
  research: router({
    create: admins
      .meta({
        openapi: {
          method: 'POST',
          path: '/exports/research',
          tags,
          summary: 'Create a de-identified research export of nightly facts (≤ 400 days)',
        },
      })
      .input(CreateResearchExportInputSchema)
      .output(ResearchExportOutputSchema)
      .mutation(({ ctx, input }) => createResearchExport(ctx, input)),
    get: admins
      .meta({
        openapi: {
          method: 'GET',
          path: '/exports/research/{exportId}',
          tags,
          summary: 'A research export: status and progress',
        },
      })
      .input(ResearchExportIdInputSchema)
      .output(ResearchExportOutputSchema)
      .query(({ ctx, input }) => getResearchExport(ctx, input)),
  }),
});

/**
 * Downloads: the same authentication, tenant status, rate limits and roles as every procedure,
 * called in process by the gateway's HTTP download routes (not mounted on /trpc: their results
 * are streams, not JSON).
 */
export const exportsRouter = router({
  user: procedureFor('member', 'analyst', 'admin')
    .input(UserExportInputSchema)
    .query(({ ctx, input }) => userExport(ctx, input)),
  research: admins
    .input(ResearchExportIdInputSchema)
    .query(({ ctx, input }) => downloadResearchExport(ctx, input)),
});

export type ExportsRouter = typeof exportsRouter;
