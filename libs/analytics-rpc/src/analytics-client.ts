import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { AnalyticsRouter } from './analytics.router';
import { createQueryCall, type QueryCall } from './query-call';
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
  /**
   * A query without tRPC's client machinery, answering and failing as `client` does: for the
   * gateway's hot reads (`score`, `averagePackedV2`).
   */
  query: QueryCall;
  /** Closes the pool's connections (idle ones close on their own after 30 s). */
  close(): Promise<void>;
}

/**
 * The gateway's client of analytics-service: tRPC over a keep-alive pool, one request per call.
 * Not batched: tRPC's batch link holds every call for a timer tick (at least 1 ms in Node) to
 * gather others, which was most of a one-night score's time; concurrent calls use the pool's
 * connections instead.
 */
export function createAnalyticsClient(options: AnalyticsClientOptions): AnalyticsClient {
  const transport = createRpcFetch(options.baseUrl, { timeoutMs: options.timeoutMs });
  const url = `${options.baseUrl.replace(/\/+$/, '')}${ANALYTICS_RPC_PREFIX}`;
  const client = createTRPCClient<AnalyticsRouter>({
    links: [httpLink({ url, headers: options.headers, fetch: transport.fetch })],
  });
  const query = createQueryCall(url, transport.fetch, options.headers);
  return { client, query, close: () => transport.close() };
}
