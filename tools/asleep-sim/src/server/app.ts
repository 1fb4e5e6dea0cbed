import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import type { Faults } from '../faults/faults';
import type { RequestCounters } from '../faults/request-counters';
import type { SimState } from '../state/sim-state';
import { AdminDeps, adminRoutes } from './admin.route';
import { averageStatsRoutes } from './average-stats.route';
import { AsleepHttpError, unauthorized, unprocessable } from './errors';
import { header, routeKeyOf } from './request-context';
import { ADMIN_PREFIX, isWrongMethod } from './routes';
import { sessionRoutes } from './sessions.route';
import { userRoutes } from './users.route';

export interface SimServerDeps extends AdminDeps {
  readonly apiKeys: readonly string[];
  readonly state: SimState;
  readonly faults: Faults;
  readonly counters: RequestCounters;
  /** Aborted on stop, so hanging requests let go. */
  readonly closing: AbortSignal;
  readonly logger?: boolean;
}

const isAdmin = (request: FastifyRequest) =>
  request.url === ADMIN_PREFIX || request.url.startsWith(`${ADMIN_PREFIX}/`);

/** Waits `ms`, or less if the sim stops or the client goes away. */
async function wait(ms: number, request: FastifyRequest, closing: AbortSignal): Promise<void> {
  const gone = new AbortController();
  const onClose = () => gone.abort();
  request.raw.socket.once('close', onClose);
  try {
    await delay(ms, undefined, { signal: AbortSignal.any([closing, gone.signal]) });
  } catch {
    // Stopped or disconnected: nothing left to wait for.
  } finally {
    request.raw.socket.off('close', onClose);
  }
}

/** JSON bodies; an empty body is "no body" (U1's body is optional, Asleep contract U1). */
function parseJsonBody(
  _request: FastifyRequest,
  body: string,
  done: (err: Error | null, body?: unknown) => void,
) {
  if (body.trim() === '') return done(null, undefined);
  try {
    done(null, JSON.parse(body));
  } catch {
    done(
      unprocessable([
        { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} },
      ]),
    );
  }
}

function sendError(
  error: Error & { statusCode?: number },
  _request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof AsleepHttpError) {
    return reply.code(error.status).send({ detail: error.detail });
  }
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  return reply
    .code(status)
    .send({ detail: status === 500 ? 'Internal Server Error' : error.message });
}

/** The simulated Asleep platform: REST API (Asleep contract 2-4) plus the `/_sim` admin API. */
export function buildSimServer(deps: SimServerDeps): FastifyInstance {
  const { faults, counters, closing } = deps;
  const app = Fastify({
    logger: deps.logger ?? false,
    forceCloseConnections: true,
    bodyLimit: 16_777_216,
  });
  app.decorateRequest('apiKey', '');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, parseJsonBody);
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) =>
    isWrongMethod(request.method, request.url.split('?')[0])
      ? reply.code(405).send({ detail: 'Method Not Allowed' })
      : reply.code(404).send({ detail: 'Not Found' }),
  );

  app.addHook('onRequest', async (request, reply) => {
    if (isAdmin(request)) return;
    const route = routeKeyOf(request);
    counters.recordReceived(route);
    const { delayMs, action } = faults.beforeAuth(route);
    if (delayMs > 0) await wait(delayMs, request, closing);
    if (action.kind === 'hang') await wait(action.ms, request, closing);
    if (action.kind === 'drop') {
      counters.recordOutcome(route, 'dropped');
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (action.kind === 'respond') return reply.code(action.status).send({ detail: action.detail });
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!isAdmin(request)) counters.recordOutcome(routeKeyOf(request), reply.statusCode);
  });

  app.register(async (api) => {
    api.addHook('onRequest', async (request) => {
      const apiKey = header(request, 'x-api-key');
      if (!apiKey || !deps.apiKeys.includes(apiKey)) throw unauthorized();
      request.apiKey = apiKey;
      const action = faults.afterAuth(routeKeyOf(request), apiKey);
      if (action.kind === 'respond') throw new AsleepHttpError(action.status, action.detail);
    });
    userRoutes(api, deps.state);
    sessionRoutes(api, deps.state);
    averageStatsRoutes(api, deps.state);
  });
  app.register(async (admin) => adminRoutes(admin, deps), { prefix: ADMIN_PREFIX });
  return app;
}
