// webhook-ingest: Receives Asleep webhooks, authenticates them and makes them durable in Kafka.
// First: V8 flags must be set before the heap holds the service's objects.
import './runtime/v8-flags';
import { bootService } from '@sleep/service-kit';
import { AppModule } from './app.module';
import { envSchema } from './config';

void bootService({
  service: 'webhook-ingest',
  envSchema,
  rootModule: (config, logger) => AppModule.register(config, logger),
});
