import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ServiceKitModule } from '@sleep/service-kit';
import type { AppConfig } from './config';
import { type IngestOptions, ingestOptions } from './ingest-options';
import { TenantKeysModule } from './tenants/tenant-keys.module';
import { WebhookModule } from './webhook/webhook.module';

@Module({})
export class AppModule {
  /** `ingest` overrides what tests need to isolate (topics, spool directory). */
  static register(
    config: AppConfig,
    logger: Logger,
    ingest: Partial<IngestOptions> = {},
  ): DynamicModule {
    const options = { ...ingestOptions(config), ...ingest };
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'webhook-ingest',
          config,
          logger,
          // Stores nothing but its spool on disk: no database, so an outage of one cannot take
          // the webhook front door out of rotation.
          // Past this, a webhook goes to the spool instead of keeping the sender waiting.
          producer: {
            publishTimeoutMs: config.WEBHOOK_PRODUCE_TIMEOUT_MS,
            compression: config.WEBHOOK_COMPRESSION,
          },
          // The webhook route, its only one, writes its own line per attempt, without headers;
          // without a request logger no webhook runs through Nest middleware.
          requestLog: false,
        }),
        // Tenants created or re-keyed through the gateway: their webhooks are accepted at once.
        TenantKeysModule,
        WebhookModule.register(options),
      ],
    };
  }
}
