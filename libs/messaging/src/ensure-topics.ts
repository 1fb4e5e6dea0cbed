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
    // kafkajs resolves false when every topic already exists, but then skips waitForLeaders,
    // so a concurrent creator's topics may still be leaderless: waitForLeaders below covers it.
    await admin.createTopics({
      topics: missing.map((spec) => topicConfig(spec, options.replicationFactor)),
      waitForLeaders: true,
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
      // A topic created by a concurrent caller can be briefly unknown to this broker's metadata.
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
