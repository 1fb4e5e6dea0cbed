import { randomBytes } from 'node:crypto';
import type { Kafka } from '@sleep/messaging';

export interface Received {
  key: string | null;
  value: string;
  partition: number;
  headers: Record<string, string>;
}

/** The end of every partition now: what a test produces from here on is read from it. */
export async function topicEnd(kafka: Kafka, topic: string): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map(
      (await admin.fetchTopicOffsets(topic)).map(({ partition, offset }) => [partition, offset]),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads `topic` from `from` (partition offsets; the beginning when empty) with a throwaway group
 * until `done` says so or the time is up, without reading what a shared topic held before.
 */
export async function readSince(
  kafka: Kafka,
  topic: string,
  from: Map<number, string>,
  done: (messages: Received[]) => boolean,
  timeoutMs = 30_000,
): Promise<Received[]> {
  const groupId = `ingest-e2e-${process.pid}-${randomBytes(4).toString('hex')}`;
  if (from.size > 0) {
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({
      groupId,
      topic,
      partitions: [...from].map(([partition, offset]) => ({ partition, offset })),
    });
    await admin.disconnect();
  }
  const messages: Received[] = [];
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(finish, timeoutMs);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          );
          messages.push({
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? '',
            partition: batch.partition,
            headers,
          });
        }
        if (done(messages)) finish();
      },
    });
    if (done(messages)) finish();
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return messages;
}
