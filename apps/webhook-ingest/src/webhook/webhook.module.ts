import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type Admin, BatchingProducer, KAFKA_HEALTH_ADMIN, type Publisher } from '@sleep/messaging';
import { METRICS_REGISTRY, ROOT_LOGGER } from '@sleep/service-kit';
import { ConfigKeyRegistry } from '../auth/config-key-registry';
import { WEBHOOK_KEY_REGISTRY, type WebhookKeyRegistry } from '../auth/webhook-key-registry';
import { firstMatch, TenantKeyDirectory } from '../tenants/tenant-key-directory';
import { DurableWriter } from '../durability/durable-writer';
import { IngestLifecycle } from '../ingest-lifecycle.service';
import { INGEST_OPTIONS, type IngestOptions, WEBHOOK_PUBLISHER } from '../ingest-options';
import { Spool } from '../spool/spool';
import { SpoolReadiness } from '../spool/spool-readiness.service';
import { SpoolReplayer } from '../spool/spool-replayer';
import { WebhookHandler } from './webhook.handler';
import { WebhookMetrics } from './webhook.metrics';
import { WebhookRoute } from './webhook.route';

async function openSpool(options: IngestOptions, logger: Logger): Promise<Spool> {
  try {
    const { spool, repairedBytes } = await Spool.open({
      dir: options.spoolDir,
      maxBytes: options.spoolMaxBytes,
    });
    if (repairedBytes > 0)
      logger.warn(
        { repairedBytes },
        'spool: cut a write torn by a crash (it was never acknowledged)',
      );
    return spool;
  } catch (error) {
    // Without a usable spool an outage would lose answered webhooks: refuse to start.
    throw new Error(
      `SPOOL_DIR ${options.spoolDir} cannot be written: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

const providers: Provider[] = [
  {
    provide: WEBHOOK_PUBLISHER,
    inject: [BatchingProducer],
    useFactory: (producer: BatchingProducer): Publisher => producer,
  },
  {
    provide: WEBHOOK_KEY_REGISTRY,
    inject: [INGEST_OPTIONS, ROOT_LOGGER, { token: TenantKeyDirectory, optional: true }],
    useFactory: (
      options: IngestOptions,
      logger: Logger,
      tenants?: TenantKeyDirectory,
    ): WebhookKeyRegistry => {
      const registry = new ConfigKeyRegistry(options.apiKeys);
      if (tenants) return firstMatch(registry, tenants);
      if (registry.size === 0)
        logger.warn({}, 'WEBHOOK_API_KEYS is empty: every webhook will be refused with 401');
      return registry;
    },
  },
  { provide: Spool, inject: [INGEST_OPTIONS, ROOT_LOGGER], useFactory: openSpool },
  {
    provide: WebhookMetrics,
    inject: [METRICS_REGISTRY, Spool],
    useFactory: (registry: Registry, spool: Spool) => new WebhookMetrics(registry, spool),
  },
  {
    provide: SpoolReplayer,
    inject: [Spool, WEBHOOK_PUBLISHER, ROOT_LOGGER, WebhookMetrics],
    useFactory: (spool: Spool, producer: Publisher, logger: Logger, metrics: WebhookMetrics) =>
      new SpoolReplayer(spool, producer, logger, {
        onReplayed: (count) => metrics.replayed.inc(count),
      }),
  },
  {
    provide: DurableWriter,
    inject: [WEBHOOK_PUBLISHER, Spool, SpoolReplayer, ROOT_LOGGER],
    useFactory: (producer: Publisher, spool: Spool, replayer: SpoolReplayer, logger: Logger) =>
      new DurableWriter(producer, spool, replayer, logger),
  },
  {
    provide: SpoolReadiness,
    inject: [Spool, KAFKA_HEALTH_ADMIN, INGEST_OPTIONS],
    useFactory: (spool: Spool, admin: Admin, options: IngestOptions) =>
      new SpoolReadiness(spool, admin, options.bodyLimitBytes),
  },
  {
    provide: WebhookHandler,
    inject: [WEBHOOK_KEY_REGISTRY, DurableWriter, INGEST_OPTIONS, WebhookMetrics, ROOT_LOGGER],
    useFactory: (
      keys: WebhookKeyRegistry,
      writer: DurableWriter,
      options: IngestOptions,
      metrics: WebhookMetrics,
      logger: Logger,
    ) =>
      new WebhookHandler(
        keys,
        writer,
        { topic: options.topic, dlq: options.dlqTopic },
        metrics,
        logger.child({ component: 'webhook' }),
      ),
  },
  WebhookRoute,
  IngestLifecycle,
];

/** The Asleep webhook endpoint, its spool and its replay; needs the service kit beside it. */
@Module({})
export class WebhookModule {
  static register(options: IngestOptions): DynamicModule {
    return {
      module: WebhookModule,
      providers: [{ provide: INGEST_OPTIONS, useValue: options }, ...providers],
      exports: [Spool, WEBHOOK_KEY_REGISTRY],
    };
  }
}
