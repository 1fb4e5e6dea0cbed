import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ANALYTICS_RPC_PREFIX,
  analyticsRpcContextFrom,
  createAnalyticsRouter,
} from '@sleep/analytics-rpc';
import { ROOT_LOGGER } from '@sleep/service-kit';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AnalyticsRpcServiceImpl } from './analytics-rpc.service';

/** Serves the router on the service's own Fastify under `/rpc`, registered before the app listens. */
@Injectable()
export class AnalyticsRpcMount implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly service: AnalyticsRpcServiceImpl,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    void fastify.register(fastifyTRPCPlugin, {
      prefix: ANALYTICS_RPC_PREFIX,
      trpcOptions: {
        router: createAnalyticsRouter(this.service),
        createContext: ({
          req,
        }: {
          req: { headers: Record<string, string | string[] | undefined> };
        }) => analyticsRpcContextFrom(req.headers),
        onError: ({ error, path }: { error: { code: string }; path?: string }) => {
          if (error.code === 'INTERNAL_SERVER_ERROR')
            this.logger.error({ err: error, path }, 'rpc failed');
        },
      },
    });
  }
}
