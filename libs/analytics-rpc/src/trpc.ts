import { initTRPC, TRPCError } from '@trpc/server';
import { AnalyticsRpcError } from './analytics-rpc.service';

/** Per-request context: who is calling, for logs. */
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

type HeaderBag = Record<string, string | string[] | undefined>;

/** Reads the context from an HTTP request's headers (`x-caller: gateway`). */
export function analyticsRpcContextFrom(headers: HeaderBag): AnalyticsRpcContext {
  const caller = headers['x-caller'];
  return { caller: Array.isArray(caller) ? caller[0] : caller };
}
