import type { DynamicModule } from '@nestjs/common';
import type pino from 'pino';
import type { z } from 'zod';
import { serviceLogger, startTracing } from '@sleep/observability';
import type { BaseEnv } from './base-env';
import { ConfigError, loadConfig } from './config';
import { failStartup, runService } from './bootstrap';
import { startupDependencies } from './startup/dependency-probes';

export interface BootServiceOptions<S extends z.ZodType<BaseEnv>> {
  service: string;
  envSchema: S;
  rootModule: (config: z.infer<S>, logger: pino.Logger) => DynamicModule;
  bodyLimit?: (config: z.infer<S>) => number;
}

/** What every app's main.ts calls: validated config, logger, then the shared boot. */
export async function bootService<S extends z.ZodType<BaseEnv>>(options: BootServiceOptions<S>) {
  let config: z.infer<S>;
  try {
    config = loadConfig(options.envSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${options.service} cannot start. ${err.message}\n`);
    process.exit(1);
  }
  // Before the logger, so that its lines carry trace ids when tracing is on.
  const tracing = startTracing({
    service: options.service,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const logger = serviceLogger({ service: options.service, level: config.LOG_LEVEL });
  try {
    return await runService({
      service: options.service,
      rootModule: () => options.rootModule(config, logger),
      bodyLimit: options.bodyLimit?.(config),
      trustProxy: config.TRUSTED_PROXIES,
      port: config.PORT,
      managementPort: config.MANAGEMENT_PORT,
      host: config.HOST,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      stopWithParent: config.STOP_WITH_PARENT === 'true',
      startupTimeoutMs: config.STARTUP_TIMEOUT_MS,
      dependencies: startupDependencies(config),
      logger,
      onStopped: tracing.shutdown,
    });
  } catch (err) {
    failStartup(options.service, logger, err instanceof Error ? err : new Error(String(err)));
  }
}
