import {
  type AnyTRPCRouter,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  type TRPCError,
} from '@trpc/server';
import { getHTTPStatusCode, type TRPCRequestInfo } from '@trpc/server/http';
import { parseGetQueries } from '@sleep/analytics-rpc';
import { type Context, isImmutable, serializeResult } from '@sleep/gateway-api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TrpcRouteOptions } from './trpc-fastify-route';

export interface QueryAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The whole body of a one-call batch of an immutable result: bytes ready for the socket. */
const batchOfOneBodies = new WeakMap<object, Buffer>();

function batchOfOneBody(data: object): Buffer {
  let body = batchOfOneBodies.get(data);
  if (!body) {
    body = Buffer.from(`[{"result":{"data":${serializeResult(data)}}}]`);
    batchOfOneBodies.set(data, body);
  }
  return body;
}

const DEFAULT_MAX_BATCH = 50;
/** Queries are short: they are not cancelled when the client goes away. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * GET queries (single or batched) answered the way `resolveResponse` answers them — same
 * envelope, error shapes, status codes and response meta — without building a Fetch `Request`
 * and `Response` around each call: on a cached night that conversion was most of the cost.
 * A call with an immutable answer already given to the same caller is answered from `replay`
 * (authenticated, rate limited and metered all the same). Anything else (mutations,
 * subscriptions, streamed batches, unknown procedures, malformed input) returns null and goes
 * through `resolveResponse` itself.
 *
 * Kept instead of the official `fastifyTRPCPlugin` for a measured reason (gateway bench, cached
 * `sessions.get`, 32 connections, 2 shared cores): with this path the gateway spends 64 µs of CPU
 * per request (5538 req/s); answering the same calls through `resolveResponse`, as the official
 * adapter does, costs 465 µs per request (992 req/s), 7 times as much. Run the bench again before
 * removing it.
 */
export async function answerQueries<TRouter extends AnyTRPCRouter>(
  options: TrpcRouteOptions<TRouter>,
  request: FastifyRequest<{ Params: { path: string } }>,
  reply: FastifyReply,
): Promise<QueryAnswer | null> {
  const calls = parseGetQueries(request, options.router, options.maxBatchSize ?? DEFAULT_MAX_BATCH);
  if (!calls) return null;
  const { isBatchCall, paths, inputs } = calls;
  const info = {
    isBatchCall,
    accept: null,
    type: 'query',
    connectionParams: null,
    signal: NEVER_ABORTED,
    url: null,
    calls: paths.map((path, i) => ({
      path,
      getRawInput: async () => inputs[i],
      result: () => inputs[i],
      procedure: null,
    })),
  } as unknown as TRPCRequestInfo;

  const config = options.router._def._config;
  let ctx: unknown;
  let contextError: TRPCError | undefined;
  try {
    ctx = await options.createContext({ req: request, res: reply, info });
  } catch (cause) {
    contextError = getTRPCErrorFromUnknown(cause);
  }
  const errors: (TRPCError | undefined)[] = [];
  const results = await Promise.all(
    paths.map(async (path, batchIndex) => {
      try {
        if (contextError) throw contextError;
        const input = inputs[batchIndex];
        const replay = await options.replay?.replay(ctx as Context, path, input);
        if (replay?.hit)
          return { result: { data: replay.data } } as
            | { result: { data: unknown } }
            | { error: unknown };
        const data = await callTRPCProcedure({
          router: options.router,
          path,
          getRawInput: async () => input,
          ctx,
          type: 'query',
          signal: undefined,
          batchIndex,
        });
        await options.replay?.remember(ctx as Context, path, input, data);
        return { result: { data } } as { result: { data: unknown } } | { error: unknown };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        errors[batchIndex] = error;
        options.onError?.({
          error,
          path,
          input: inputs[batchIndex],
          ctx,
          type: 'query',
          req: request,
        } as never);
        return {
          error: getTRPCErrorShape({
            config,
            ctx,
            error,
            input: inputs[batchIndex],
            path,
            type: 'query',
          }),
        };
      }
    }),
  );
  const json = isBatchCall ? results : results[0];
  const meta =
    options.responseMeta?.({
      ctx,
      info,
      paths,
      type: 'query',
      data: results,
      errors: errors.filter((error): error is TRPCError => error !== undefined),
      eagerGeneration: false,
    } as never) ?? {};
  return {
    status: meta.status ?? getHTTPStatusCode(json as never, errors),
    headers: {
      'content-type': 'application/json',
      vary: 'trpc-accept, accept',
      ...(meta.headers as Record<string, string>),
    },
    body: envelope(results, isBatchCall),
  };
}

/** The envelope by hand, so a cached result's JSON (serialised once) is reused as it is. */
function envelope(
  results: ({ result: { data: unknown } } | { error: unknown })[],
  isBatchCall: boolean,
): Buffer {
  const [only] = results;
  if (isBatchCall && results.length === 1 && 'result' in only && isImmutable(only.result.data)) {
    return batchOfOneBody(only.result.data);
  }
  const bodies = results.map((result) =>
    'result' in result
      ? `{"result":{"data":${serializeResult(result.result.data) ?? 'null'}}}`
      : JSON.stringify(result),
  );
  // Bytes, so Fastify sends the content type as tRPC sets it (no charset appended).
  return Buffer.from(isBatchCall ? `[${bodies.join(',')}]` : bodies[0]);
}
