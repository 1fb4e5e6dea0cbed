// analytics-service: Consumes session events into nightly facts and aggregates.
import { bootService } from '@sleep/service-kit';
import { AppModule } from './app.module';
import { envSchema } from './config';

void bootService({
  service: 'analytics-service',
  envSchema,
  rootModule: (config, logger) => AppModule.register(config, logger),
});
