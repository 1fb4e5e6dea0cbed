import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ServiceKitModule } from '@sleep/service-kit';
import type { AppConfig } from './config';
import { GatewayModule, type GatewayModuleOverrides } from './gateway.module';

@Module({})
export class AppModule {
  static register(
    config: AppConfig,
    logger: Logger,
    overrides: GatewayModuleOverrides = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'gateway',
          config,
          logger,
          database: { schema: 'gateway', migrationsFolder: join(__dirname, 'migrations') },
          // tRPC puts inputs (and a subscription's token) in the query string.
          redactQueryStrings: true,
          // The API's own accounting replaces a log line per call: calls, outcomes and latency per
          // tenant and procedure in metrics and daily totals, unexpected errors logged with their path.
          quietRoutes: ['/trpc/{*path}', '/api/{*path}'],
        }),
        GatewayModule.register(config, overrides),
      ],
    };
  }
}
