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

/** The DLQ a topic declares; every topic this service reads has one. */
export function dlqOf(topic: { name: string; dlq?: string }): string {
  if (!topic.dlq) throw new Error(`topic ${topic.name} declares no DLQ`);
  return topic.dlq;
}
