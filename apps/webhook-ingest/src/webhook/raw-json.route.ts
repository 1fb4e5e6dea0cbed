import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
} from 'fastify';
import { readBodyWithRoom, type Room } from './body-with-room';

export type RouteFailure = 'too-large' | 'unsupported-media-type' | 'bad-request' | 'unavailable';

export interface RawJsonRoute {
  url: string;
  bodyLimit: number;
  /** Free bytes kept around the body, so the handler can frame it without copying it again. */
  room?: Room;
  /** Runs before any byte of the body is read: the place to refuse unauthenticated senders. */
  onRequest?: onRequestHookHandler;
  /** `request.body` is the received bytes, unparsed (possibly empty), in memory of their own. */
  handler(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
  /** Told about every request Fastify itself refused, after the answer is chosen. */
  onRefused?(
    request: FastifyRequest,
    reply: FastifyReply,
    failure: RouteFailure,
    status: number,
    error: FastifyError,
  ): void;
}

const FAILURES: Record<RouteFailure, { status: number; body: string }> = {
  'too-large': { status: 413, body: '{"error":"payload-too-large"}' },
  'unsupported-media-type': { status: 415, body: '{"error":"unsupported-media-type"}' },
  'bad-request': { status: 400, body: '{"error":"bad-request"}' },
  unavailable: { status: 503, body: '{"error":"unavailable"}' },
};

function classify(error: FastifyError): RouteFailure {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) return 'too-large';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.statusCode === 415)
    return 'unsupported-media-type';
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    return 'bad-request';
  // Never a 500 and never a stack trace: the sender should simply retry.
  return 'unavailable';
}

/**
 * A POST route on the service's Fastify instance that takes `application/json` (any
 * parameters) as raw bytes, in a scope of its own: the app's other routes keep their parsers,
 * and Fastify's own refusals (413, 415, bad framing) answer with small JSON bodies.
 */
export function registerRawJsonRoute(fastify: FastifyInstance, route: RawJsonRoute): void {
  void fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    const room = route.room ?? { before: 0, after: 0 };
    scope.addContentTypeParser('application/json', (request, payload, done) =>
      readBodyWithRoom(
        payload,
        Number(request.headers['content-length']),
        route.bodyLimit,
        room,
        done,
      ),
    );
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const failure = classify(error);
      const { status, body } = FAILURES[failure];
      if (failure === 'unavailable') void reply.header('retry-after', '1');
      void reply.code(status).header('content-type', 'application/json; charset=utf-8').send(body);
      route.onRefused?.(request, reply, failure, status, error);
    });
    scope.route({
      method: 'POST',
      url: route.url,
      bodyLimit: route.bodyLimit,
      onRequest: route.onRequest,
      handler: route.handler,
    });
  });
}
