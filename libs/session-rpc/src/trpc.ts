import { initTRPC, TRPCError } from '@trpc/server';
import type { SessionRpcContext } from './context';
import { SessionRpcError } from './session-rpc.port';

// Internal callers get codes and messages, never stack traces.
const t = initTRPC.context<SessionRpcContext>().create({ isDev: false });

/** A service's `SessionRpcError` reaches the caller with its own code instead of a 500. */
const serviceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof SessionRpcError) {
    const { code, message } = result.error.cause;
    throw new TRPCError({ code, message, cause: result.error.cause });
  }
  return result;
});

export const router = t.router;
export const procedure = t.procedure.use(serviceErrors);
