import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ROOT_LOGGER } from '@sleep/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { GATEWAY_CONFIG } from '../gateway.tokens';

export const CONSOLE_PREFIX = '/console/';

/**
 * Where the console's built files are: CONSOLE_DIR, else beside the bundled gateway
 * (`nx build gateway` copies them there), else the workspace's own build (`npm start`).
 */
export function consoleDir(config: Pick<AppConfig, 'CONSOLE_DIR'>): string | null {
  const candidates = config.CONSOLE_DIR
    ? [config.CONSOLE_DIR]
    : [join(__dirname, 'console'), resolve('dist/apps/gateway/console')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/** What the console reads before sign-in: whether to offer the identity provider's sign-in. */
export function consoleSettings(config: AppConfig) {
  const oidc =
    config.JWT_JWKS_URL && config.CONSOLE_OIDC_CLIENT_ID
      ? {
          authority: config.JWT_ISSUER,
          clientId: config.CONSOLE_OIDC_CLIENT_ID,
          scope: config.CONSOLE_OIDC_SCOPE,
        }
      : null;
  return { oidc };
}

/** Serves the web console's static files at /console/ (hashed assets cached for a year). */
@Injectable()
export class ConsoleRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const root = consoleDir(this.config);
    const settings = JSON.stringify(consoleSettings(this.config));
    fastify.get(`${CONSOLE_PREFIX}config.json`, (_request, reply) =>
      reply.type('application/json').header('cache-control', 'no-cache').send(settings),
    );
    fastify.get('/console', (_request, reply) => reply.redirect(CONSOLE_PREFIX));
    if (!root) {
      this.logger.warn('console not built (npx nx build console): /console/ answers 404');
      fastify.get(CONSOLE_PREFIX, (_request, reply) =>
        reply
          .code(404)
          .type('text/plain')
          .send('The console is not built here: run `npx nx build console`.\n'),
      );
      return;
    }
    const { default: fastifyStatic } = await import('@fastify/static');
    await fastify.register(fastifyStatic, {
      root,
      prefix: CONSOLE_PREFIX,
      logLevel: 'silent',
      setHeaders: (reply, path) => {
        reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'no-referrer');
      },
    });
  }
}
