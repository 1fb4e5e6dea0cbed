import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  appRouter,
  CallReplay,
  type GatewayDeps,
  openApiDocument,
  REST_BASE_PATH,
  retryAfterHeader,
} from '@sleep/gateway-api';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type { TRPCError } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { fastifyTRPCOpenApiPlugin } from 'trpc-to-openapi';
import type { AppConfig } from '../config';
import { GATEWAY_CONFIG, GATEWAY_DEPS } from '../gateway.tokens';
import { registerApiReference } from './api-reference.route';
import { RequestContexts } from './request-contexts';
import { registerTrpcRoute } from './trpc-fastify-route';

export const TRPC_PREFIX = '/trpc';

/**
 * Mounts the router from `@sleep/gateway-api` on the app's Fastify: tRPC at `/trpc` (batching,
 * SSE subscriptions), REST at `/api`, its OpenAPI document at `/openapi.json` and the API
 * reference drawn from it at `/docs`. Registered before the server starts listening.
 */
@Injectable()
export class TrpcHttp implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(GATEWAY_DEPS) private readonly deps: GatewayDeps,
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly contexts: RequestContexts,
  ) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const createContext = this.contexts.create;
    const onError = ({ error, path }: { error: TRPCError; path?: string }) => {
      // Expected errors are the client's business; only the unexpected ones are ours.
      if (error.code === 'INTERNAL_SERVER_ERROR')
        this.logger.error({ err: error.cause ?? error, path }, 'procedure failed');
    };
    const responseMeta = ({ errors }: { errors: TRPCError[] }) => {
      const retryAfter = retryAfterHeader(errors);
      return retryAfter ? { headers: { 'retry-after': retryAfter } } : {};
    };
    const replay = new CallReplay();
    await registerTrpcRoute(fastify, {
      prefix: TRPC_PREFIX,
      router: appRouter,
      createContext,
      onError,
      responseMeta,
      replay,
      maxBatchSize: this.config.TRPC_MAX_BATCH_SIZE,
      onBatchTooLarge: () => this.deps.limitEvents.refused('batch_size'),
    });
    await fastify.register(fastifyTRPCOpenApiPlugin, {
      basePath: REST_BASE_PATH,
      router: appRouter,
      createContext,
      onError,
      responseMeta,
    });
    const document = JSON.stringify(openApiDocument(''));
    fastify.get('/openapi.json', (_request, reply) =>
      reply.type('application/json').send(document),
    );
    registerApiReference(fastify);
  }
}
