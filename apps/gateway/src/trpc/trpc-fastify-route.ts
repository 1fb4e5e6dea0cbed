import type { AnyTRPCRouter } from '@trpc/server';
import { incomingMessageToRequest } from '@trpc/server/adapters/node-http';
import {
  type HTTPErrorHandler,
  resolveResponse,
  type ResponseMetaFn,
  type TRPCRequestInfo,
} from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CallReplay } from '@sleep/gateway-api';
import { answerQueries } from './trpc-query-path';

export interface TrpcRouteOptions<TRouter extends AnyTRPCRouter> {
  prefix: string;
  router: TRouter;
  createContext: (opts: {
    req: FastifyRequest;
    res: FastifyReply;
    info: TRPCRequestInfo;
  }) => unknown;
  onError?: HTTPErrorHandler<TRouter, FastifyRequest>;
  responseMeta?: ResponseMetaFn<TRouter>;
  maxBodySize?: number;
  /** Calls one request may batch; more is answered 400 (each call is rate limited, not the batch). */
  maxBatchSize?: number;
  /** Told of each request refused for its batch size. */
  onBatchTooLarge?: () => void;
  /** Answers identical queries with an immutable result again without running them. */
  replay?: CallReplay;
}

const STREAMED = /^(text\/event-stream|application\/jsonl)/;

/**
 * tRPC on Fastify, as `fastifyTRPCPlugin` does it (`resolveResponse` decides batching, SSE and
 * errors), with two shortcuts for the common case: GET queries skip the Fetch `Request`/`Response`
 * round trip (see `answerQueries`), and any other plain JSON answer is sent in one write with its
 * length instead of being streamed chunk by chunk. Streams (subscriptions) are still streamed.
 */
export function registerTrpcRoute<TRouter extends AnyTRPCRouter>(
  fastify: FastifyInstance,
  options: TrpcRouteOptions<TRouter>,
) {
  return fastify.register(async (scope) => {
    // tRPC parses bodies itself, so a malformed one gets tRPC's PARSE_ERROR, not Fastify's.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.all<{ Params: { path: string } }>(`${options.prefix}/:path`, async (request, reply) => {
      const tooLarge =
        options.maxBatchSize !== undefined &&
        (request.query as { batch?: string }).batch === '1' &&
        request.params.path.split(',').length > options.maxBatchSize;
      if (tooLarge) options.onBatchTooLarge?.();
      const answer = tooLarge ? null : await answerQueries(options, request, reply);
      if (answer) return reply.status(answer.status).headers(answer.headers).send(answer.body);
      const raw = request.raw as typeof request.raw & { body?: unknown };
      if (request.body !== undefined) raw.body = request.body;
      const response = await resolveResponse({
        router: options.router,
        req: incomingMessageToRequest(raw, reply.raw, {
          maxBodySize: options.maxBodySize ?? 1_048_576,
        }),
        path: request.params.path,
        maxBatchSize: options.maxBatchSize,
        error: null,
        createContext: async ({ info }) =>
          options.createContext({ req: request, res: reply, info }),
        onError: options.onError
          ? (opts) => options.onError?.({ ...opts, req: request })
          : undefined,
        responseMeta: options.responseMeta,
      });
      reply.status(response.status);
      response.headers.forEach((value, name) => void reply.header(name, value));
      if (!response.body || STREAMED.test(response.headers.get('content-type') ?? ''))
        return reply.send(response);
      return reply.send(Buffer.from(await response.arrayBuffer()));
    });
  });
}
