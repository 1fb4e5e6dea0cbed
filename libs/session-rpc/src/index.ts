// session-service's internal tRPC API: the router's shape and type for callers, inputs, error codes
// and the port session-service implements.
export { createSessionRouter, type SessionRouter, type SessionRouterDeps } from './session.router';
export { type SessionRpcContext } from './context';
export {
  SESSION_RPC_ERROR_CODES,
  SessionRpcError,
  sessionRpcErrorCode,
  type DeleteSessionResult,
  type SessionRpcErrorCode,
  type SessionRpcService,
  type SessionUser,
  type CompletedNight,
  type CompletedPage,
} from './session-rpc.port';
export {
  StreamCompletedInputSchema,
  type StreamCompletedInput,
  type StreamCursor,
} from './procedures/stream-completed.schema';
export { GetSessionInputSchema, type GetSessionInput } from './procedures/get-session.schema';
export { ListSessionsInputSchema, type ListSessionsInput } from './procedures/list-sessions.schema';
export {
  DeleteSessionInputSchema,
  type DeleteSessionInput,
} from './procedures/delete-session.schema';
export { GetUserInputSchema, type GetUserInput } from './procedures/get-user.schema';

/** Where session-service serves the router on its HTTP port. */
export const SESSION_RPC_PREFIX = '/rpc';
