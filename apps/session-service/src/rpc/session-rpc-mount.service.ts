import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createSessionRouter, SESSION_RPC_PREFIX } from '@sleep/session-rpc';
import {
  requireServiceToken,
  ROOT_LOGGER,
  SERVICE_CONFIG,
  serviceCallerOf,
  ServiceTokenVerifier,
} from '@sleep/service-kit';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { SessionRpcHandler } from './session-rpc.handler';

/** Who may call what: the gateway serves tenants' requests, analytics-service rebuilds. */
export const SESSION_RPC_CALLERS = {
  gateway: ['getSession', 'listSessions', 'deleteSession', 'getUser'],
  'analytics-service': ['streamCompleted'],
} as const;

/**
 * Serves the router on the service's own Fastify under `/rpc`, behind a service token check (401
 * without one, 403 for a procedure the caller may not call). Registered while modules
 * initialise, before the app listens: Fastify takes plugins only until it is ready.
 */
@Injectable()
export class SessionRpcMount implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly service: SessionRpcHandler,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    const router = createSessionRouter({ service: this.service });
    const verifier = new ServiceTokenVerifier(
      'session-service',
      this.config.SERVICE_TOKEN_TRUSTED_KEYS,
    );
    void fastify.register(async (scope) => {
      scope.addHook(
        'onRequest',
        requireServiceToken({
          verifier,
          prefix: SESSION_RPC_PREFIX,
          procedures: SESSION_RPC_CALLERS,
          logger: this.logger,
        }),
      );
      await scope.register(fastifyTRPCPlugin, {
        prefix: SESSION_RPC_PREFIX,
        trpcOptions: {
          router,
          createContext: ({ req }: { req: FastifyRequest }) => ({ caller: serviceCallerOf(req) }),
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
    });
  }
}
