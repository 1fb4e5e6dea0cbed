import { authedProcedure, router } from '../../trpc';
import { deleteSessionHandler } from './delete.handler';
import { DeleteSessionInputSchema, DeleteSessionOutputSchema } from './delete.schema';
import { getSessionHandler } from './get.handler';
import { GetSessionInputSchema, GetSessionOutputSchema } from './get.schema';
import { listSessionsHandler } from './list.handler';
import { ListSessionsInputSchema, ListSessionsOutputSchema } from './list.schema';
import { liveSessionsHandler } from './live.handler';
import { LiveSessionsInputSchema } from './live.schema';

const tags = ['sessions'];

export const sessionsRouter = router({
  get: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/sessions/{sessionId}',
        tags,
        summary: 'One night with its stages and stats',
      },
    })
    .input(GetSessionInputSchema)
    .output(GetSessionOutputSchema)
    .query(getSessionHandler),
  list: authedProcedure
    .meta({
      openapi: { method: 'GET', path: '/sessions', tags, summary: "A page of a user's nights" },
    })
    .input(ListSessionsInputSchema)
    .output(ListSessionsOutputSchema)
    .query(listSessionsHandler),
  delete: authedProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/sessions/{sessionId}',
        tags,
        summary: 'Delete one night',
      },
    })
    .input(DeleteSessionInputSchema)
    .output(DeleteSessionOutputSchema)
    .mutation(deleteSessionHandler),
  /** Server-sent events; not part of the REST surface. */
  live: authedProcedure.input(LiveSessionsInputSchema).subscription(liveSessionsHandler),
});
