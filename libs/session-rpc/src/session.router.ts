import { deleteSessionHandler } from './procedures/delete-session.handler';
import { DeleteSessionInputSchema } from './procedures/delete-session.schema';
import { getSessionHandler } from './procedures/get-session.handler';
import { GetSessionInputSchema } from './procedures/get-session.schema';
import { getUserHandler } from './procedures/get-user.handler';
import { GetUserInputSchema } from './procedures/get-user.schema';
import { listSessionsHandler } from './procedures/list-sessions.handler';
import { ListSessionsInputSchema } from './procedures/list-sessions.schema';
import type { SessionRpcService } from './session-rpc.service';
import { streamCompletedHandler } from './procedures/stream-completed.handler';
import { StreamCompletedInputSchema } from './procedures/stream-completed.schema';
import { procedure, router } from './trpc';

export interface SessionRouterDeps {
  service: SessionRpcService;
}

/** session-service's internal API, for the gateway: sessions and users with Asleep's semantics. */
export function createSessionRouter({ service }: SessionRouterDeps) {
  return router({
    getSession: procedure
      .input(GetSessionInputSchema)
      .query(({ input }) => getSessionHandler(service, input)),
    listSessions: procedure
      .input(ListSessionsInputSchema)
      .query(({ input }) => listSessionsHandler(service, input)),
    deleteSession: procedure
      .input(DeleteSessionInputSchema)
      .mutation(({ input }) => deleteSessionHandler(service, input)),
    getUser: procedure
      .input(GetUserInputSchema)
      .query(({ input }) => getUserHandler(service, input)),
    streamCompleted: procedure
      .input(StreamCompletedInputSchema)
      .query(({ input }) => streamCompletedHandler(service, input)),
  });
}

/** Import this type (never the router itself) to call session-service with full types. */
export type SessionRouter = ReturnType<typeof createSessionRouter>;
