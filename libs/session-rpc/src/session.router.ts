import { DeleteSessionInputSchema } from './procedures/delete-session.schema';
import { GetSessionInputSchema } from './procedures/get-session.schema';
import { GetUserInputSchema } from './procedures/get-user.schema';
import { ListSessionsInputSchema } from './procedures/list-sessions.schema';
import type { SessionRpcService } from './session-rpc.port';
import { StreamCompletedInputSchema } from './procedures/stream-completed.schema';
import { procedure, router } from './trpc';

export interface SessionRouterDeps {
  service: SessionRpcService;
}

/**
 * session-service's internal API, for the gateway: sessions and users with Asleep's semantics.
 * Only the contract lives here (inputs, errors, the router's shape, so callers get its type);
 * session-service implements each procedure directly as a `SessionRpcService` method.
 */
export function createSessionRouter({ service }: SessionRouterDeps) {
  return router({
    getSession: procedure
      .input(GetSessionInputSchema)
      .query(({ input }) => service.getSession(input)),
    listSessions: procedure
      .input(ListSessionsInputSchema)
      .query(({ input }) => service.listSessions(input)),
    deleteSession: procedure
      .input(DeleteSessionInputSchema)
      .mutation(({ input }) => service.deleteSession(input)),
    getUser: procedure.input(GetUserInputSchema).query(({ input }) => service.getUser(input)),
    streamCompleted: procedure
      .input(StreamCompletedInputSchema)
      .query(({ input }) => service.streamCompleted(input)),
  });
}

/** Import this type (never the router itself) to call session-service with full types. */
export type SessionRouter = ReturnType<typeof createSessionRouter>;
