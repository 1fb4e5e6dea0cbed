import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ServiceKitModule } from '@sleep/service-kit';
import { AnalyticsModule, type AnalyticsModuleOptions } from './analytics.module';
import type { AppConfig } from './config';

@Module({})
export class AppModule {
  static register(
    config: AppConfig,
    logger: Logger,
    options: AnalyticsModuleOptions = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'analytics-service',
          config,
          logger,
          database: { schema: 'analytics', migrationsFolder: join(__dirname, 'migrations') },
          // tRPC queries carry their input (user ids) in the query string.
          redactQueryStrings: true,
        }),
        AnalyticsModule.register(config, options),
      ],
    };
  }
}
