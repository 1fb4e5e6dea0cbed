import {
  type AnyTRPCRouter,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  type TRPCError,
} from '@trpc/server';
import { incomingMessageToRequest } from '@trpc/server/adapters/node-http';
import { getHTTPStatusCode, resolveResponse } from '@trpc/server/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseGetQueries } from './get-queries';

export interface RpcRouteOptions<TRouter extends AnyTRPCRouter, TContext> {
  prefix: string;
  router: TRouter;
  createContext: (opts: { req: FastifyRequest }) => TContext | Promise<TContext>;
  onError?: (opts: { error: TRPCError; path?: string }) => void;
}

type Call = { result: { data: unknown } } | { error: unknown };

const STREAMED = /^(text\/event-stream|application\/jsonl)/;
/** As tRPC's own default. */
const MAX_BATCH = 50;
const MAX_BODY_BYTES = 1_048_576;

/**
 * The router on Fastify, answering exactly as `fastifyTRPCPlugin` does, for less: a GET query
 * (single or batched, the gateway's only kind of call on the hot path) is run with
 * `callTRPCProcedure` and its envelope written in one piece with its length, without the Fetch
 * `Request` and `Response` the official adapter builds around every call and then streams
 * chunk by chunk. Anything else (mutations, streams, unknown procedures, malformed input) goes
 * through `resolveResponse` as the official adapter does, and is still sent in one write.
 */
export function registerRpcRoute<TRouter extends AnyTRPCRouter, TContext>(
  fastify: FastifyInstance,
  options: RpcRouteOptions<TRouter, TContext>,
): void {
  // tRPC parses bodies itself, so a malformed one gets tRPC's PARSE_ERROR, not Fastify's.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  fastify.all<{ Params: { path: string } }>(`${options.prefix}/:path`, async (request, reply) => {
    const answer = await answerQueries(options, request);
    if (answer)
      return reply
        .status(answer.status)
        .headers({ 'content-type': 'application/json', vary: 'trpc-accept, accept' })
        .send(answer.body);
    const raw = request.raw as typeof request.raw & { body?: unknown };
    if (request.body !== undefined) raw.body = request.body;
    const response = await resolveResponse({
      router: options.router,
      req: incomingMessageToRequest(raw, reply.raw, { maxBodySize: MAX_BODY_BYTES }),
      path: request.params.path,
      error: null,
      createContext: async () => options.createContext({ req: request }),
      onError: options.onError,
    });
    reply.status(response.status);
    response.headers.forEach((value, name) => void reply.header(name, value));
    if (!response.body || STREAMED.test(response.headers.get('content-type') ?? ''))
      return reply.send(response);
    return reply.send(Buffer.from(await response.arrayBuffer()));
  });
}

/** GET queries answered with `resolveResponse`'s envelope, error shapes and status; null: not one. */
async function answerQueries<TRouter extends AnyTRPCRouter, TContext>(
  options: RpcRouteOptions<TRouter, TContext>,
  request: FastifyRequest<{ Params: { path: string } }>,
): Promise<{ status: number; body: Buffer } | null> {
  const calls = parseGetQueries(request, options.router, MAX_BATCH);
  if (!calls) return null;
  const { isBatchCall, paths, inputs } = calls;
  const config = options.router._def._config;
  let ctx: unknown;
  let contextError: TRPCError | undefined;
  try {
    ctx = await options.createContext({ req: request });
  } catch (cause) {
    contextError = getTRPCErrorFromUnknown(cause);
  }
  const errors: TRPCError[] = [];
  const results = await Promise.all(
    paths.map(async (path, batchIndex): Promise<Call> => {
      const input = inputs[batchIndex];
      try {
        if (contextError) throw contextError;
        const data = await callTRPCProcedure({
          router: options.router,
          path,
          getRawInput: async () => input,
          ctx,
          type: 'query',
          signal: undefined,
          batchIndex,
        });
        return { result: { data } };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        errors.push(error);
        options.onError?.({ error, path });
        const shape = getTRPCErrorShape({ config, ctx, error, input, path, type: 'query' });
        return { error: shape };
      }
    }),
  );
  const json = isBatchCall ? results : results[0];
  return {
    status: getHTTPStatusCode(json as never, errors),
    body: Buffer.from(JSON.stringify(json)),
  };
}
