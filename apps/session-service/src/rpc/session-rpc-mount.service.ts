import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createSessionRouter, SESSION_RPC_PREFIX, sessionRpcContextFrom } from '@sleep/session-rpc';
import { ROOT_LOGGER } from '@sleep/service-kit';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { SessionRpcHandler } from './session-rpc.handler';

/**
 * Serves the router on the service's own Fastify under `/rpc`. Registered while modules
 * initialise, before the app listens: Fastify takes plugins only until it is ready.
 */
@Injectable()
export class SessionRpcMount implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly service: SessionRpcHandler,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    const router = createSessionRouter({ service: this.service });
    void fastify.register(fastifyTRPCPlugin, {
      prefix: SESSION_RPC_PREFIX,
      trpcOptions: {
        router,
        createContext: ({
          req,
        }: {
          req: { headers: Record<string, string | string[] | undefined> };
        }) => sessionRpcContextFrom(req.headers),
        onError: ({
          error,
          path,
          ctx,
        }: {
          error: { code: string };
          path?: string;
          ctx?: { caller?: string };
        }) => {
          if (error.code === 'INTERNAL_SERVER_ERROR') {
            this.logger.error({ err: error, path, caller: ctx?.caller }, 'rpc failed');
          }
        },
      },
    });
  }
}
