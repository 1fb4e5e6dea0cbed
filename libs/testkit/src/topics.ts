import { randomBytes } from 'node:crypto';
import type { TopicSpec } from '@sleep/contracts';

export function uniqueGroupId(prefix = 'test'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** A fresh topic and its DLQ, so suites sharing one broker never see each other's messages. */
export function uniqueTopics(prefix: string, partitions = 3): { topic: TopicSpec; dlq: TopicSpec } {
  const base = `test.${prefix.toLowerCase().replace(/[^a-z0-9.-]/g, '-')}-${randomBytes(4).toString('hex')}`;
  const dlq: TopicSpec = {
    name: `${base}.dlq.v1`,
    partitions: 1,
    retentionMs: 86_400_000,
    cleanupPolicy: 'delete',
  };
  const topic: TopicSpec = {
    name: `${base}.v1`,
    partitions,
    retentionMs: 86_400_000,
    cleanupPolicy: 'delete',
    dlq: dlq.name,
  };
  return { topic, dlq };
}
