import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ANALYTICS_RPC_PREFIX,
  createAnalyticsRouter,
  registerRpcRoute,
} from '@sleep/analytics-rpc';
import {
  requireServiceToken,
  ROOT_LOGGER,
  SERVICE_CONFIG,
  serviceCallerOf,
  ServiceTokenVerifier,
} from '@sleep/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { AnalyticsRpcServiceImpl } from './analytics-rpc.service';

/**
 * Serves the router on the service's own Fastify under `/rpc`, registered before the app listens,
 * for the gateway only: a call without the gateway's service token is refused with 401.
 */
@Injectable()
export class AnalyticsRpcMount implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly service: AnalyticsRpcServiceImpl,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    const verifier = new ServiceTokenVerifier(
      'analytics-service',
      this.config.SERVICE_TOKEN_TRUSTED_KEYS,
    );
    void fastify.register(async (scope) => {
      scope.addHook(
        'onRequest',
        requireServiceToken({
          verifier,
          prefix: ANALYTICS_RPC_PREFIX,
          procedures: { gateway: '*' },
          logger: this.logger,
        }),
      );
      registerRpcRoute(scope, {
        prefix: ANALYTICS_RPC_PREFIX,
        router: createAnalyticsRouter(this.service),
        createContext: ({ req }) => ({ caller: serviceCallerOf(req) }),
        onError: ({ error, path }) => {
          if (error.code === 'INTERNAL_SERVER_ERROR')
            this.logger.error({ err: error, path }, 'rpc failed');
        },
      });
    });
  }
}
