import { allTopics, type TopicSpec } from '@sleep/contracts';
import type { Admin, ITopicConfig } from 'kafkajs';
import type { LoggerLike } from './kafka-logger';

export interface EnsureTopicsOptions {
  /** 1 for a single local broker; 3 in production (the caller reads KAFKA_REPLICATION_FACTOR). */
  replicationFactor?: number;
  timeoutMs?: number;
  logger?: LoggerLike;
}

export interface EnsureTopicsResult {
  /** Missing when checked; this call or a concurrent one created them. */
  created: string[];
  existing: string[];
}

export function topicConfig(spec: TopicSpec, replicationFactor = 1): ITopicConfig {
  return {
    topic: spec.name,
    numPartitions: spec.partitions,
    replicationFactor,
    configEntries: [
      { name: 'retention.ms', value: String(spec.retentionMs) },
      { name: 'cleanup.policy', value: spec.cleanupPolicy },
      // acks=all only means "durable" when more than one replica must have the write.
      {
        name: 'min.insync.replicas',
        value: String(Math.max(1, Math.min(2, replicationFactor - 1))),
      },
    ],
  };
}

/**
 * Creates the missing topics and waits until every partition has a leader. Safe to run from
 * every service at once: TOPIC_ALREADY_EXISTS counts as success.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[] = allTopics,
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !present.has(spec.name));
  if (missing.length > 0) {
    // Leaders are awaited below instead of with kafkajs's waitForLeaders, which only retries
    // LEADER_NOT_AVAILABLE: a KRaft broker answers UNKNOWN_TOPIC_OR_PARTITION until it applied
    // the new topic's metadata record (kafkajs issues #1563, #815), and kafkajs skips the wait
    // entirely when a concurrent caller created the topics first (it then resolves false).
    await admin.createTopics({
      topics: missing.map((spec) => topicConfig(spec, options.replicationFactor)),
      waitForLeaders: false,
      timeout: timeoutMs,
    });
  }
  await waitForLeaders(admin, specs, timeoutMs, options.logger);
  return {
    created: missing.map((spec) => spec.name),
    existing: specs.filter((spec) => present.has(spec.name)).map((spec) => spec.name),
  };
}

async function waitForLeaders(
  admin: Admin,
  specs: readonly TopicSpec[],
  timeoutMs: number,
  logger?: LoggerLike,
): Promise<void> {
  if (specs.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  let pending = 'metadata';
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.name) });
      const leaderless = topics.filter((topic) =>
        topic.partitions.some((partition) => partition.leader < 0),
      );
      if (leaderless.length === 0) return warnOnPartitionDrift(specs, topics, logger);
      pending = leaderless.map((topic) => topic.name).join(', ');
    } catch (error) {
      // UNKNOWN_TOPIC_OR_PARTITION until this broker applied the topic's metadata record (KRaft).
      pending = (error as Error).message;
    }
    if (Date.now() > deadline)
      throw new Error(`topics not ready after ${timeoutMs} ms: ${pending}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Partitions are never added automatically: that would move keys and break per-user order. */
function warnOnPartitionDrift(
  specs: readonly TopicSpec[],
  topics: { name: string; partitions: unknown[] }[],
  logger?: LoggerLike,
): void {
  for (const spec of specs) {
    const actual = topics.find((topic) => topic.name === spec.name)?.partitions.length;
    if (actual !== undefined && actual !== spec.partitions) {
      logger?.warn(
        { topic: spec.name, declared: spec.partitions, actual },
        'topic partition count differs from its spec',
      );
    }
  }
}
