// session-service: Turns webhook events into stored sleep sessions and domain events.
import { bootService } from '@sleep/service-kit';
import { AppModule } from './app.module';
import { envSchema } from './config';

void bootService({
  service: 'session-service',
  envSchema,
  rootModule: (config, logger) => AppModule.register(config, logger),
});
