import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import type { Registry } from 'prom-client';
import { registerHttpMetrics, registerHttpTracing, tracingEnabled } from '@sleep/observability';
import { isAccessDenied } from '@sleep/messaging';
import { isPermanentStartupError, type StartupDependency } from './startup/dependency-probes';
import { retryUntilDeadline } from './startup/retry-until-deadline';
import { watchParent } from './parent-watch';
import { StartupDeadline } from './startup/startup-deadline';
import { ManagementEndpoints } from './management/management-endpoints';
import { ManagementServer } from './management/management-server';
import { notReadyAnswers } from './management/startup-answers';
import { METRICS_REGISTRY } from './tokens';

export interface ServiceAppOptions {
  rootModule: Type | DynamicModule;
  /** Bytes; webhook-ingest raises it for a 24-hour night. */
  bodyLimit?: number;
  /** TRUSTED_PROXIES: peers whose X-Forwarded-For names the client (`request.ip`). */
  trustProxy?: readonly string[];
}

/** Builds the app exactly as production does, without listening (tests listen on port 0). */
export async function createServiceApp({ rootModule, bodyLimit, trustProxy }: ServiceAppOptions) {
  const adapter = new FastifyAdapter({
    // tRPC batches put every procedure name in the path.
    routerOptions: { maxParamLength: 5000 },
    bodyLimit,
    ...(trustProxy?.length && { trustProxy: [...trustProxy] }),
    // Idle keep-alive sockets must not hold up shutdown; in-flight requests still finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    bufferLogs: true,
    // Throw instead of aborting the process, so the caller decides (retry, or exit with a message).
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  registerHttpMetrics(app.getHttpAdapter().getInstance(), app.get<Registry>(METRICS_REGISTRY));
  if (tracingEnabled()) registerHttpTracing(app.getHttpAdapter().getInstance());
  return app;
}

export interface RunServiceOptions extends Omit<ServiceAppOptions, 'rootModule'> {
  service: string;
  /** Builds the root module; called again for each startup attempt (fresh metrics, fresh pools). */
  rootModule: () => Type | DynamicModule;
  port: number;
  /** MANAGEMENT_PORT: probes and metrics, answered from the first moment to the last. */
  managementPort: number;
  host: string;
  shutdownTimeoutMs: number;
  /** STOP_WITH_PARENT: shut down once the launching process is gone. */
  stopWithParent?: boolean;
  /** STARTUP_TIMEOUT_MS: dependency waits, migrations and init must all fit in it. */
  startupTimeoutMs: number;
  /** Waited for, with back-off, before the app is built. */
  dependencies: StartupDependency[];
  logger: PinoLogger;
  /** After the app closed on a signal, before the process exits (e.g. export buffered spans). */
  onStopped?: () => Promise<void>;
}

/**
 * The boot every app shares. The probes answer at once on the management port (live, not ready);
 * the service waits for
 * its dependencies with bounded exponential back-off, then builds and initialises the app
 * (migrations, topics), retrying that the same way, and only then serves. Past the startup
 * deadline it exits 1 with a message naming what it still waits for. On SIGTERM/SIGINT it stops
 * taking work, lets in-flight work finish, disconnects, and exits 0 — or 1 if that takes longer
 * than the shutdown budget.
 */
export async function runService(options: RunServiceOptions): Promise<NestFastifyApplication> {
  const { logger, service } = options;
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'unhandled rejection'),
  );
  // Until the app serves there is nothing to drain: an orphan just leaves.
  let onParentGone: () => void = () => process.exit(1);
  if (options.stopWithParent) watchParent(() => onParentGone());
  const waitingFor = new Set(options.dependencies.map((d) => `${d.name} at ${d.target}`));
  const management = await ManagementServer.start(
    options.managementPort,
    options.host,
    notReadyAnswers('startup', () => ({ waitingFor: [...waitingFor] })),
  );
  let app: NestFastifyApplication;
  try {
    app = await startWhenDependenciesAllow(options, waitingFor);
  } catch (error) {
    await management.close();
    throw error;
  }
  await app.listen({ port: options.port, host: options.host });
  management.use(app.get(ManagementEndpoints).handle);
  logger.info({ url: management.url }, `${service} management (probes, metrics) listening`);
  logger.info({ url: await app.getUrl() }, `${service} listening`);
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${service} shutting down`);
    // Taken out of rotation at once; metrics stay readable until the process ends.
    const endpoints = app.get(ManagementEndpoints);
    const stoppingAnswers = notReadyAnswers('shutdown', () => ({ signal }));
    management.use((path) =>
      path === '/metrics' ? endpoints.handle(path) : stoppingAnswers(path),
    );
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: options.shutdownTimeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, options.shutdownTimeoutMs);
    deadline.unref();
    app
      .close()
      .then(() => options.onStopped?.())
      .then(() => management.close())
      .then(() => {
        logger.info(`${service} stopped`);
        logger.flush();
        // A fatal error that asked for this shutdown (e.g. Kafka refused a consumer) set the code.
        process.exit(Number(process.exitCode ?? 0));
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  onParentGone = () => shutdown('SIGTERM');
  return app;
}

async function startWhenDependenciesAllow(
  options: RunServiceOptions,
  waitingFor: Set<string>,
): Promise<NestFastifyApplication> {
  const { logger, service } = options;
  const deadline = new StartupDeadline(options.startupTimeoutMs);
  // Whatever hangs (a frozen broker, a stuck lock), the deadline holds.
  const hardStop = setTimeout(() => {
    const error = deadline.error([...waitingFor].join(', ') || 'startup');
    failStartup(service, logger, error);
  }, deadline.remainingMs());
  try {
    await Promise.all(
      options.dependencies.map(async (dependency) => {
        const name = `${dependency.name} at ${dependency.target}`;
        await retryUntilDeadline(name, () => dependency.probe(), {
          deadline,
          // Refused credentials never start working: say so now instead of at the deadline.
          isPermanent: isAccessDenied,
          onRetry: ({ attempt, delayMs, error }) =>
            logger.warn(
              {
                dependency: dependency.name,
                target: dependency.target,
                attempt,
                retryInMs: delayMs,
              },
              `waiting for ${name}: ${error.message}`,
            ),
        });
        waitingFor.delete(name);
        logger.info({ dependency: dependency.name, target: dependency.target }, `${name} answers`);
      }),
    );
    waitingFor.add('initialisation (migrations, topics)');
    const app = await retryUntilDeadline(
      'initialisation (migrations, topics)',
      async () => {
        const attempt = await createServiceApp({ ...options, rootModule: options.rootModule() });
        try {
          await attempt.init();
          return attempt;
        } catch (error) {
          await attempt.close().catch(() => undefined);
          throw error;
        }
      },
      {
        deadline,
        isPermanent: isPermanentStartupError,
        onRetry: ({ attempt, delayMs, error }) =>
          logger.warn(
            { err: error, attempt, retryInMs: delayMs },
            `initialisation failed; retrying: ${error.message}`,
          ),
      },
    );
    clearTimeout(hardStop);
    return app;
  } catch (error) {
    clearTimeout(hardStop);
    throw error;
  }
}

/** Ends a start that cannot succeed: one plain line on stderr, the fatal log, exit 1. */
export function failStartup(service: string, logger: PinoLogger, error: Error): never {
  process.stderr.write(`${service} cannot start: ${error.message}\n`);
  logger.fatal({ err: error }, `${service} failed to start: ${error.message}`);
  logger.flush();
  process.exit(1);
}
