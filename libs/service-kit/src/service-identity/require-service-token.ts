import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { SampledLog } from '@sleep/observability';
import { ServiceTokenError, type ServiceTokenVerifier } from './service-token.verifier';

export interface ServiceCallPolicy {
  verifier: ServiceTokenVerifier;
  /** The tRPC prefix the hook guards, e.g. `/rpc`. */
  prefix: string;
  /** Per caller, the procedures it may call (`*` for all); any other caller is refused. */
  procedures: Readonly<Record<string, readonly string[] | '*'>>;
  logger: Logger;
}

const callers = new WeakMap<FastifyRequest, string>();

/** The verified caller of a request the hook admitted. */
export const serviceCallerOf = (request: FastifyRequest): string | undefined =>
  callers.get(request);

/** tRPC's path names the procedures, comma-separated in a batch: `/rpc/a,b?batch=1`. */
function proceduresOf(url: string, prefix: string): string[] {
  const path = url.split('?')[0].slice(prefix.length).replace(/^\/+/, '');
  return decodeURIComponent(path).split(',').filter(Boolean);
}

/**
 * A Fastify `onRequest` hook for an internal RPC: 401 without a valid service token, 403 when the
 * caller may not call a procedure of the request. Nothing of the request (its tenant above all)
 * is read before the caller is known.
 */
export function requireServiceToken(policy: ServiceCallPolicy) {
  // A flood of refused calls is logged a few lines a second.
  const refusals = new SampledLog();
  return async (request: FastifyRequest, reply: FastifyReply) => {
    let caller: string;
    try {
      caller = await policy.verifier.verify(request.headers.authorization);
    } catch (error) {
      const reason = error instanceof ServiceTokenError ? error.message : 'service token refused';
      const url = request.url.split('?')[0];
      refusals.take((suppressed) =>
        policy.logger.warn(
          { reason, ip: request.ip, url, ...(suppressed > 0 && { suppressed }) },
          reason,
        ),
      );
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: { code: 'UNAUTHORIZED', message: 'A valid service token is required' } });
    }
    const allowed = policy.procedures[caller];
    const asked = proceduresOf(request.url, policy.prefix);
    const refused =
      allowed === undefined
        ? ['anything']
        : allowed === '*'
          ? []
          : asked.filter((procedure) => !allowed.includes(procedure));
    if (refused.length > 0) {
      refusals.take((suppressed) =>
        policy.logger.warn(
          { caller, refused, ...(suppressed > 0 && { suppressed }) },
          'service call refused',
        ),
      );
      return reply.code(403).send({
        error: { code: 'FORBIDDEN', message: `${caller} may not call ${refused.join(', ')}` },
      });
    }
    callers.set(request, caller);
  };
}
