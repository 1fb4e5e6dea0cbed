import { initTRPC, TRPCError } from '@trpc/server';
import { AnalyticsRpcError } from './analytics-rpc.service';

/** Per-request context: the caller its service token proved (checked before the context exists). */
export interface AnalyticsRpcContext {
  caller?: string;
}

// Internal callers get codes and messages, never stack traces.
const t = initTRPC.context<AnalyticsRpcContext>().create({ isDev: false });

const serviceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AnalyticsRpcError) {
    const { code, message } = result.error.cause;
    throw new TRPCError({ code, message, cause: result.error.cause });
  }
  return result;
});

export const router = t.router;
export const procedure = t.procedure.use(serviceErrors);
