import type { ConsumerOptions } from '@sleep/messaging';
import type { SessionSettings } from '../session-settings';

/** Shared by the service's consumers: a dead member is noticed within the session timeout. */
export function consumerConfig(
  settings: SessionSettings,
): ConsumerOptions<unknown>['consumerConfig'] {
  return {
    sessionTimeout: settings.sessionTimeoutMs,
    heartbeatInterval: Math.min(3_000, Math.floor(settings.sessionTimeoutMs / 3)),
    maxWaitTimeInMs: 500,
  };
}

const MiB = 1024 * 1024;
/** Partitions of the webhook topic that one fetch fills (the consumer handles six at once). */
const FETCHED_PARTITIONS = 6;

/**
 * Webhooks are fetched up to 4 MiB a partition instead of kafkajs' 1 MiB: a backlog then comes in
 * batches of ~200 SESSION_COMPLETE (~20 KB each) instead of ~50, and each batch costs one
 * transaction of fixed cost, however many webhooks it carries.
 */
export function webhookFetch(
  config: ConsumerOptions<unknown>['consumerConfig'],
): ConsumerOptions<unknown>['consumerConfig'] {
  return { ...config, maxBytesPerPartition: 4 * MiB, maxBytes: FETCHED_PARTITIONS * 4 * MiB };
}

/** The DLQ a topic declares; every topic this service reads has one. */
export function dlqOf(topic: { name: string; dlq?: string }): string {
  if (!topic.dlq) throw new Error(`topic ${topic.name} declares no DLQ`);
  return topic.dlq;
}
