import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import type { AnalyticsRouter } from './analytics.router';
import { createRpcFetch } from './rpc-fetch';

/** Where analytics-service serves the router on its HTTP port. */
export const ANALYTICS_RPC_PREFIX = '/rpc';

export interface AnalyticsClientOptions {
  /** The service's base URL (without the prefix). */
  baseUrl: string;
  /** Headers of every request (the caller's service token). */
  headers: () => Promise<Record<string, string>>;
  /** Whole-exchange limit of one call, ms. */
  timeoutMs?: number;
}

export interface AnalyticsClient {
  client: TRPCClient<AnalyticsRouter>;
  /** Closes the pool's connections (idle ones close on their own after 30 s). */
  close(): Promise<void>;
}

/** The gateway's client of analytics-service: batched tRPC over a keep-alive pool. */
export function createAnalyticsClient(options: AnalyticsClientOptions): AnalyticsClient {
  const transport = createRpcFetch(options.baseUrl, { timeoutMs: options.timeoutMs });
  const client = createTRPCClient<AnalyticsRouter>({
    links: [
      httpBatchLink({
        url: `${options.baseUrl.replace(/\/+$/, '')}${ANALYTICS_RPC_PREFIX}`,
        headers: options.headers,
        fetch: transport.fetch,
      }),
    ],
  });
  return { client, close: () => transport.close() };
}
