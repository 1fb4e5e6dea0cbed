import type { TopicSpec } from './topic-spec';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every Kafka topic of the platform. Keys are always the Asleep user id, so one
 * user's events stay in order on one partition.
 */
export const Topics = {
  asleepWebhooks: {
    name: 'asleep.webhooks.v1',
    partitions: 6,
    retentionMs: 14 * DAY_MS,
    cleanupPolicy: 'delete',
    dlq: 'asleep.webhooks.dlq.v1',
  },
  asleepWebhooksDlq: {
    name: 'asleep.webhooks.dlq.v1',
    partitions: 1,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
  },
  sleepSessions: {
    name: 'sleep.sessions.v1',
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    dlq: 'sleep.sessions.dlq.v1',
  },
  sleepSessionsDlq: {
    name: 'sleep.sessions.dlq.v1',
    partitions: 1,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
  },
  sleepUsers: {
    name: 'sleep.users.v1',
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    dlq: 'sleep.users.dlq.v1',
  },
  sleepUsersDlq: {
    name: 'sleep.users.dlq.v1',
    partitions: 1,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
  },
  /**
   * Every user's profile fields (birth year, gender), compacted by Asleep user id: a consumer
   * starting at any time reads the latest profile of every user; a deleted user gets a tombstone.
   */
  userProfiles: {
    name: 'sleep.user-profiles.v1',
    partitions: 6,
    retentionMs: -1,
    cleanupPolicy: 'compact',
    dlq: 'sleep.users.dlq.v1',
  },
  sessionCommands: {
    name: 'sleep.session-commands.v1',
    partitions: 3,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'delete',
    dlq: 'sleep.session-commands.dlq.v1',
  },
  sessionCommandsDlq: {
    name: 'sleep.session-commands.dlq.v1',
    partitions: 1,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
  },
  /** A user's weekly or monthly report was produced (the report itself, keyed by user). */
  sleepReports: {
    name: 'sleep.reports.v1',
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
  },
  /** An insight about a user's sleep was produced, past its cool-down (keyed by user). */
  sleepInsights: {
    name: 'sleep.insights.v1',
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
  },
  /**
   * Tenants and their webhook keys, compacted by tenant id (latest state wins). Signed by the
   * gateway; what fails the signature goes to the DLQ.
   */
  tenants: {
    name: 'platform.tenants.v1',
    partitions: 1,
    retentionMs: -1,
    cleanupPolicy: 'compact',
    dlq: 'platform.tenants.dlq.v1',
  },
  tenantsDlq: {
    name: 'platform.tenants.dlq.v1',
    partitions: 1,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
  },
} as const satisfies Record<string, TopicSpec>;

export type TopicKey = keyof typeof Topics;
export type TopicName = (typeof Topics)[TopicKey]['name'];
export const allTopics: readonly TopicSpec[] = Object.values(Topics);
