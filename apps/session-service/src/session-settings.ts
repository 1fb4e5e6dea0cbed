import { type TopicSpec, Topics } from '@sleep/contracts';
import type { AppConfig } from './config';

/** The topics this service reads and writes; a benchmark may point them at private copies. */
export interface SessionTopics {
  webhooks: TopicSpec;
  sessions: TopicSpec;
  users: TopicSpec;
  commands: TopicSpec;
}

export const DEFAULT_TOPICS: SessionTopics = {
  webhooks: Topics.asleepWebhooks,
  sessions: Topics.sleepSessions,
  users: Topics.sleepUsers,
  commands: Topics.sessionCommands,
};

export interface SessionSettings {
  groupId: string;
  sessionTimeoutMs: number;
  recoveryAfterMs: number;
  recoveryIntervalMs: number;
  topics: SessionTopics;
}

export const SESSION_SETTINGS = Symbol('SESSION_SETTINGS');

export function sessionSettings(
  config: AppConfig,
  topics: Partial<SessionTopics> = {},
): SessionSettings {
  return {
    groupId: config.SESSION_GROUP_ID,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    recoveryAfterMs: config.SESSION_RECOVERY_AFTER_MS,
    recoveryIntervalMs: config.SESSION_RECOVERY_INTERVAL_MS,
    topics: { ...DEFAULT_TOPICS, ...topics },
  };
}
