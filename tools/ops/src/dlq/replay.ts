import { createKafka, type KafkaSecurity } from '@sleep/messaging';
import { selectReplays, type ReplayFilter, type ReplaySelection } from './select-replays';

export interface ReplayOptions extends ReplayFilter {
  brokers: string;
  /** TLS and SASL, as the services connect (`kafkaSecurityFromEnv`). */
  security?: KafkaSecurity;
  dlq: string;
  dryRun: boolean;
  timeoutMs?: number;
}

/**
 * Reads a dead-letter topic from its start to its current end (a fresh consumer group, so no
 * service's offsets move), then, unless dry-running, publishes each selected original record
 * to its source topic with its original key.
 */
export async function replayDeadLetters(
  options: ReplayOptions,
): Promise<ReplaySelection & { replayed: number }> {
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: 'dlq-replay',
    security: options.security,
  });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(options.dlq);
  await admin.disconnect();
  const pending = new Map(
    ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]),
  );
  const values: (Buffer | null)[] = [];
  if (pending.size > 0) {
    const consumer = kafka.consumer({ groupId: `dlq-replay-${Date.now()}-${process.pid}` });
    await consumer.connect();
    await consumer.subscribe({ topic: options.dlq, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out reading ${options.dlq}`)),
        options.timeoutMs ?? 120_000,
      );
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const end = pending.get(partition);
          if (end === undefined) return;
          values.push(message.value);
          if (Number(message.offset) + 1 >= end) pending.delete(partition);
          if (pending.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    }).finally(() => consumer.disconnect());
  }
  const selection = selectReplays(values, options);
  if (options.dryRun || selection.replays.length === 0) return { ...selection, replayed: 0 };
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const byTopic = new Map<string, { key: string | null; value: string }[]>();
    for (const { topic, key, value } of selection.replays)
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key, value }]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  } finally {
    await producer.disconnect();
  }
  return { ...selection, replayed: selection.replays.length };
}
