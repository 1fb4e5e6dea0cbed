import type { Span } from '@opentelemetry/api';
import type { TopicMessages } from 'kafkajs';
import type { OutgoingMessage } from './outgoing-message';

/** One publish() call waiting for its acknowledgement. */
export interface PendingPublish {
  topic: string;
  messages: OutgoingMessage[];
  bytes: number;
  startedAt: number;
  inFlight: boolean;
  settled: boolean;
  timer?: NodeJS.Timeout;
  /** The publish's PRODUCER span, while tracing is on. */
  span?: Span;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Takes whole publishes from the head of the queue while they fit the limits. The first one is
 * always taken, so a publish larger than the limits goes alone rather than waiting forever.
 */
export function takeBatch(
  queue: PendingPublish[],
  maxMessages: number,
  maxBytes: number,
): PendingPublish[] {
  const batch = [queue.shift()!];
  let count = batch[0].messages.length;
  let bytes = batch[0].bytes;
  for (let next = queue[0]; next; next = queue[0]) {
    if (count + next.messages.length > maxMessages || bytes + next.bytes > maxBytes) break;
    batch.push(queue.shift()!);
    count += next.messages.length;
    bytes += next.bytes;
  }
  return batch;
}

/** Publish order is kept within each topic, hence within each partition. */
export function toTopicMessages(batch: PendingPublish[]): TopicMessages[] {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const entry of batch) {
    const messages = byTopic.get(entry.topic) ?? [];
    messages.push(...entry.messages);
    byTopic.set(entry.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
