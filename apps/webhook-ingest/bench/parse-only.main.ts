// The ingest app's own boot and server stack with the parse-only route: for the benchmark only.
import { bootService } from '@sleep/service-kit';
import { envSchema } from '../src/config';
import { ParseOnlyModule } from './parse-only.module';

void bootService({
  service: 'webhook-ingest',
  envSchema,
  rootModule: (config, logger) => ParseOnlyModule.register(config, logger),
});
