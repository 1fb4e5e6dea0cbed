// gateway: The typed API for web and mobile frontends.
import { bootService } from '@sleep/service-kit';
import { AppModule } from './app.module';
import { envSchema } from './config';

void bootService({
  service: 'gateway',
  envSchema,
  rootModule: (config, logger) => AppModule.register(config, logger),
});
