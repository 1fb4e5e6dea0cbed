import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import type { Registry } from 'prom-client';
import { registerHttpMetrics } from '@sleep/observability';
import { METRICS_REGISTRY } from './tokens';

export interface ServiceAppOptions {
  rootModule: Type | DynamicModule;
  /** Bytes; webhook-ingest raises it for a 24-hour night. */
  bodyLimit?: number;
}

/** Builds the app exactly as production does, without listening (tests listen on port 0). */
export async function createServiceApp({ rootModule, bodyLimit }: ServiceAppOptions) {
  const adapter = new FastifyAdapter({
    // tRPC batches put every procedure name in the path.
    routerOptions: { maxParamLength: 5000 },
    bodyLimit,
    // Idle keep-alive sockets must not hold up shutdown; in-flight requests still finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  registerHttpMetrics(app.getHttpAdapter().getInstance(), app.get<Registry>(METRICS_REGISTRY));
  return app;
}

export interface RunServiceOptions extends ServiceAppOptions {
  service: string;
  port: number;
  host: string;
  shutdownTimeoutMs: number;
  logger: PinoLogger;
}

/**
 * The boot every app shares: build, listen, and on SIGTERM/SIGINT stop taking
 * work, let in-flight work finish, disconnect, and exit 0 — or exit 1 if that
 * takes longer than the shutdown budget.
 */
export async function runService(options: RunServiceOptions): Promise<NestFastifyApplication> {
  const { logger, service } = options;
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'unhandled rejection'),
  );
  const app = await createServiceApp(options);
  await app.listen({ port: options.port, host: options.host });
  logger.info({ url: await app.getUrl() }, `${service} listening`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${service} shutting down`);
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: options.shutdownTimeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, options.shutdownTimeoutMs);
    deadline.unref();
    app
      .close()
      .then(() => {
        logger.info(`${service} stopped`);
        logger.flush();
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return app;
}
