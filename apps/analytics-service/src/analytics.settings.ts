import { type TopicSpec, Topics } from '@sleep/contracts';
import type { AppConfig } from './config';

export interface AnalyticsTopics {
  sessions: TopicSpec;
  users: TopicSpec;
  profiles: TopicSpec;
}

export interface AnalyticsSettings {
  groupId: string;
  sessionTimeoutMs: number;
  reportSweepIntervalMs: number;
  completenessDeadlineHours: number;
  completenessTargetPercent: number;
  topics: AnalyticsTopics;
}

export const ANALYTICS_SETTINGS = Symbol('ANALYTICS_SETTINGS');

export function analyticsSettings(
  config: AppConfig,
  topics: Partial<AnalyticsTopics> = {},
): AnalyticsSettings {
  return {
    groupId: config.ANALYTICS_GROUP_ID,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    reportSweepIntervalMs: config.REPORT_SWEEP_INTERVAL_MS,
    completenessDeadlineHours: config.COMPLETENESS_DEADLINE_HOURS,
    completenessTargetPercent: config.COMPLETENESS_TARGET_PERCENT,
    topics: {
      sessions: Topics.sleepSessions,
      users: Topics.sleepUsers,
      profiles: Topics.userProfiles,
      ...topics,
    },
  };
}
