// analytics-service's internal tRPC API: the router factory, its type for callers, the service port.
export { createAnalyticsRouter, type AnalyticsRouter } from './analytics.router';
export { type AnalyticsRpcContext } from './trpc';
export {
  AnalyticsRpcError,
  type AnalyticsNight,
  type AnalyticsRpcErrorCode,
  type AnalyticsRpcService,
  type ExportFact,
  type ExportFactsPage,
  type NightScore,
  type OrgGroupResult,
  type OrgGroupStats,
  type OrgStatsResult,
  type SuppressedGroup,
  type RegularityResult,
  type StoredInsight,
  type TrendsResult,
} from './analytics-rpc.service';

export {
  ANALYTICS_RPC_PREFIX,
  createAnalyticsClient,
  type AnalyticsClient,
  type AnalyticsClientOptions,
} from './analytics-client';
export {
  packAverage,
  packSleptSession,
  sendRatios,
  unpackAverage,
  SLEPT_SESSION_KEYS,
  type PackedAverage,
  type PackedSleptSession,
} from './average-wire';
export { createQueryCall, type QueryCall, type QueryPath } from './query-call';
export { createRpcFetch, type RpcFetch, type RpcFetchOptions } from './rpc-fetch';
export { registerRpcRoute, type RpcRouteOptions } from './rpc-route';
export { parseGetQueries, type GetQueries, type GetQueriesRequest } from './get-queries';
