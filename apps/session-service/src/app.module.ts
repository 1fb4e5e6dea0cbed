import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ServiceKitModule } from '@sleep/service-kit';
import type { AppConfig } from './config';
import { SessionsModule, type SessionsModuleOptions } from './sessions.module';

@Module({})
export class AppModule {
  static register(
    config: AppConfig,
    logger: Logger,
    options: SessionsModuleOptions = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'session-service',
          config,
          logger,
          database: { schema: 'sessions', migrationsFolder: join(__dirname, 'migrations') },
          // tRPC queries carry their input (user and session ids) in the query string.
          redactQueryStrings: true,
        }),
        SessionsModule.register(config, options),
      ],
    };
  }
}
