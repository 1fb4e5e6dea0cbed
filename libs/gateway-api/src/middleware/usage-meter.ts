import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { Principal } from '../auth/principal';
import type { GatewayDeps } from '../ports/gateway-deps';
import type { CallOutcome } from '../ports/limits.port';

const SERVER_SIDE = new Set<TRPC_ERROR_CODE_KEY>([
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
  'BAD_GATEWAY',
  'GATEWAY_TIMEOUT',
  'NOT_IMPLEMENTED',
]);

type Result = { ok: true } | { ok: false; error: { code: TRPC_ERROR_CODE_KEY } };

/** Counts a call per tenant and procedure with its outcome and duration (metrics, daily totals). */
export async function meterUsage<R extends Result>(
  deps: GatewayDeps,
  principal: Principal,
  path: string,
  call: () => Promise<R>,
): Promise<R> {
  const started = performance.now();
  let outcome: CallOutcome = 'client_error';
  try {
    const result = await call();
    outcome = result.ok
      ? 'ok'
      : SERVER_SIDE.has(result.error.code)
        ? 'server_error'
        : 'client_error';
    return result;
  } finally {
    deps.usage.record(principal.tenantId, path, outcome, performance.now() - started);
  }
}
