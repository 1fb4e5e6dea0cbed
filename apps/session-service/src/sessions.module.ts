import { type DynamicModule, Module } from '@nestjs/common';
import { AsleepClients } from './asleep/tenant-asleep-clients';
import { SealedTenantKeys } from './asleep/sealed-tenant-keys';
import { TENANT_KEYS, type TenantKeys } from './asleep/tenant-key-source';
import { TenantKeysConsumer } from './asleep/tenant-keys.consumer';
import { BackfillCommandsConsumer } from './backfill/backfill-commands.consumer';
import { BackfillWorker } from './backfill/backfill-worker.job';
import type { AppConfig } from './config';
import { WebhookBatchHandler } from './ingest/webhook-batch.handler';
import { WebhookConsumer } from './ingest/webhook.consumer';
import { SessionMetrics } from './observability/session.metrics';
import { OutboxRelay } from './outbox/outbox-relay.job';
import { SessionRecoveryJob } from './recovery/session-recovery.job';
import { ReadDatabaseLifecycle, readDatabaseProvider } from './rpc/read-database';
import { SessionRpcMount } from './rpc/session-rpc-mount.service';
import { SessionRpcHandler } from './rpc/session-rpc.handler';
import { SESSION_SETTINGS, sessionSettings, type SessionTopics } from './session-settings';
import { OutboxSignal } from './store/outbox-signal';
import { SessionDeleter } from './store/session-deleter';
import { SessionWriter } from './store/session-writer';
import { UserEventsConsumer } from './users/user-events.consumer';
import { UserEventsHandler } from './users/user-events.handler';

export interface SessionsModuleOptions {
  /** Private topics, e.g. for a benchmark on a shared broker. */
  topics?: Partial<SessionTopics>;
  /** Where tenants' Asleep keys come from; the gateway's sealed announcements by default. */
  tenantKeys?: TenantKeys;
}

const exported = [
  SessionWriter,
  SessionDeleter,
  WebhookBatchHandler,
  OutboxRelay,
  SessionRecoveryJob,
  SessionRpcHandler,
];

/**
 * The session store: webhooks in, convergence rules, outbox relay to `sleep.sessions.v1`, user
 * deletions, recovery and backfill through the Asleep API, and the internal RPC.
 */
@Module({})
export class SessionsModule {
  static register(config: AppConfig, options: SessionsModuleOptions = {}): DynamicModule {
    return {
      module: SessionsModule,
      providers: [
        { provide: SESSION_SETTINGS, useValue: sessionSettings(config, options.topics) },
        {
          provide: SealedTenantKeys,
          useValue: new SealedTenantKeys([config.TENANT_KEK, ...config.TENANT_KEK_PREVIOUS]),
        },
        {
          provide: TENANT_KEYS,
          useFactory: (sealed: SealedTenantKeys) => options.tenantKeys ?? sealed,
          inject: [SealedTenantKeys],
        },
        TenantKeysConsumer,
        SessionMetrics,
        OutboxSignal,
        SessionWriter,
        SessionDeleter,
        AsleepClients,
        WebhookBatchHandler,
        WebhookConsumer,
        OutboxRelay,
        UserEventsHandler,
        UserEventsConsumer,
        SessionRecoveryJob,
        BackfillWorker,
        BackfillCommandsConsumer,
        readDatabaseProvider(config),
        ReadDatabaseLifecycle,
        SessionRpcHandler,
        SessionRpcMount,
      ],
      exports: exported,
    };
  }
}
