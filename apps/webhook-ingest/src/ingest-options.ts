import { Topics } from '@sleep/contracts';
import type { ApiKeyEntry } from './auth/api-keys-env.schema';
import type { AppConfig } from './config';

/** Everything the webhook path needs from configuration, in one object a test can build. */
export interface IngestOptions {
  path: string;
  topic: string;
  dlqTopic: string;
  apiKeys: readonly ApiKeyEntry[];
  bodyLimitBytes: number;
  spoolDir: string;
  spoolMaxBytes: number;
  /** On SIGTERM, how long to keep replaying the spool to Kafka before exiting. */
  shutdownFlushMs?: number;
}

export const INGEST_OPTIONS = Symbol('INGEST_OPTIONS');
/** Where webhooks are published: the app's one idempotent batching producer. */
export const WEBHOOK_PUBLISHER = Symbol('WEBHOOK_PUBLISHER');
export const WEBHOOK_PATH = '/v1/webhooks/asleep';

export function ingestOptions(config: AppConfig): IngestOptions {
  return {
    path: WEBHOOK_PATH,
    topic: Topics.asleepWebhooks.name,
    dlqTopic: Topics.asleepWebhooksDlq.name,
    apiKeys: config.WEBHOOK_API_KEYS,
    bodyLimitBytes: config.WEBHOOK_BODY_LIMIT_BYTES,
    spoolDir: config.SPOOL_DIR,
    spoolMaxBytes: config.SPOOL_MAX_BYTES,
    // Half the shutdown budget: the HTTP drain and the Kafka disconnect need the rest.
    shutdownFlushMs: Math.floor(config.SHUTDOWN_TIMEOUT_MS / 2),
  };
}
