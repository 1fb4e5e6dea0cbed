// What a frontend installs: the gateway's router type and a ready client (batching, SSE, auth).
import type { AppRouter } from '@sleep/gateway-api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export { createClient, type ClientOptions, type GatewayClient } from './create-client';
export { gatewayErrorInfo, isGatewayError, type GatewayErrorInfo } from './errors';
export type { AppRouter };
/** Every procedure's input, e.g. `RouterInputs['sessions']['list']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Every procedure's output, e.g. `RouterOutputs['sessions']['get']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
