import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { Principal } from '../auth/principal';
import type { Context } from '../context';
import type { CallOutcome } from '../ports/limits.port';

const SERVER_SIDE = new Set<TRPC_ERROR_CODE_KEY>([
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
  'BAD_GATEWAY',
  'GATEWAY_TIMEOUT',
  'NOT_IMPLEMENTED',
]);

type Result = { ok: true } | { ok: false; error: { code: TRPC_ERROR_CODE_KEY } };

/** Counts every call per tenant and procedure with its outcome and duration (metrics, daily totals). */
export async function meterUsage<R extends Result>(opts: {
  ctx: Context & { principal: Principal };
  path: string;
  next: () => Promise<R>;
}): Promise<R> {
  const started = performance.now();
  const result = await opts.next();
  const outcome: CallOutcome = result.ok ? 'ok' : SERVER_SIDE.has(result.error.code) ? 'server_error' : 'client_error';
  opts.ctx.deps.usage.record(opts.ctx.principal.tenantId, opts.path, outcome, performance.now() - started);
  return result;
}
