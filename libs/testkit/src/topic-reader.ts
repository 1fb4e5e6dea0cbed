import { randomBytes } from 'node:crypto';
import type { IHeaders, Kafka } from 'kafkajs';
import { uniqueGroupId } from './topics';

export interface ReadMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** The record's timestamp, epoch ms as Kafka gives it (the producer's, unless the topic says otherwise). */
  timestamp: string;
}

export interface ReadAllOptions {
  /** Stop after this many messages; by default, at the end offsets the topic had when called. */
  expected?: number;
  timeoutMs?: number;
}

/** Reads a topic from the beginning with a throwaway group; resolves with what arrived in time. */
export async function readAll(
  kafka: Kafka,
  topic: string,
  options: ReadAllOptions = {},
): Promise<ReadMessage[]> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const ends = options.expected === undefined ? await endOffsets(kafka, topic) : undefined;
  const messages: ReadMessage[] = [];
  const positions = new Map<number, bigint>();
  const done = (): boolean =>
    options.expected !== undefined
      ? messages.length >= options.expected
      : [...ends!].every(([partition, { low, high }]) => (positions.get(partition) ?? low) >= high);
  if (done()) return messages;

  const consumer = kafka.consumer({ groupId: uniqueGroupId('read-all'), maxWaitTimeInMs: 100 });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(finish, timeoutMs);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          messages.push({
            partition: batch.partition,
            offset: message.offset,
            key: message.key?.toString('utf8') ?? null,
            value: message.value?.toString('utf8') ?? null,
            headers: headerStrings(message.headers),
            timestamp: message.timestamp,
          });
        }
        positions.set(batch.partition, BigInt(batch.lastOffset()) + 1n);
        if (done()) finish();
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return messages;
}

async function endOffsets(
  kafka: Kafka,
  topic: string,
): Promise<Map<number, { low: bigint; high: bigint }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(
      offsets.map(({ partition, offset, low }) => [
        partition,
        { low: BigInt(low), high: BigInt(offset) },
      ]),
    );
  } finally {
    await admin.disconnect();
  }
}

function headerStrings(headers: IHeaders = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}

/** Where each partition of `topic` ends now: read from here to see only what comes next. */
export async function topicEnds(kafka: Kafka, topic: string): Promise<Map<number, string>> {
  const ends = await endOffsets(kafka, topic);
  return new Map([...ends].map(([partition, { high }]) => [partition, high.toString()]));
}

/**
 * Commits these offsets for `groupId`. Does what kafkajs' admin.setOffsets does (run, pause, seek,
 * stop after the first fetch), with a short fetch wait instead of its 5 s one.
 */
async function commitOffsets(
  kafka: Kafka,
  groupId: string,
  topic: string,
  offsets: Map<number, string>,
): Promise<void> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic] });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => void consumer.stop().then(resolve, reject));
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause([{ topic }]);
      for (const [partition, offset] of offsets) consumer.seek({ topic, partition, offset });
    });
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Commits the topics' current end offsets for `groupId`, so a service started with that new group
 * takes only what is published afterwards, not the shared topic's history.
 */
export async function startGroupAtEnd(
  kafka: Kafka,
  groupId: string,
  topics: string[],
): Promise<void> {
  for (const topic of topics)
    await commitOffsets(kafka, groupId, topic, await topicEnds(kafka, topic));
}

export interface TopicCollector {
  /** Everything read so far, in arrival order. */
  readonly messages: ReadMessage[];
  /** Resolves with `messages` once `predicate` holds; rejects after `timeoutMs`. */
  waitFor(
    predicate: (messages: ReadMessage[]) => boolean,
    timeoutMs?: number,
  ): Promise<ReadMessage[]>;
  stop(): Promise<void>;
}

/**
 * Reads a topic from the given offsets (see `topicEnds`) in the background, for tests that check
 * several things on one topic without paying a consumer group join each time.
 */
export async function collectFrom(
  kafka: Kafka,
  topic: string,
  from: Map<number, string>,
): Promise<TopicCollector> {
  const groupId = uniqueGroupId('collect');
  await commitOffsets(kafka, groupId, topic, from);
  const messages: ReadMessage[] = [];
  const waiters = new Set<() => void>();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic] });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        messages.push({
          partition: batch.partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          headers: headerStrings(message.headers),
          timestamp: message.timestamp,
        });
      }
      for (const check of waiters) check();
    },
  });
  return {
    messages,
    waitFor(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `${topic}: condition not met within ${timeoutMs} ms (${messages.length} messages read)`,
            ),
          );
        }, timeoutMs);
        function check() {
          if (!predicate(messages)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        }
        waiters.add(check);
        check();
      });
    },
    stop: () => consumer.disconnect(),
  };
}

export interface ReadFromOptions {
  /** Stop as soon as this holds for what was read. */
  until: (messages: ReadMessage[]) => boolean;
  timeoutMs?: number;
}

/** Reads a topic from the given offsets until `until` holds or time runs out. */
export async function readFrom(
  kafka: Kafka,
  topic: string,
  from: Map<number, string>,
  options: ReadFromOptions,
): Promise<ReadMessage[]> {
  const collector = await collectFrom(kafka, topic, from);
  try {
    return await collector
      .waitFor(options.until, options.timeoutMs)
      .catch(() => collector.messages);
  } finally {
    await collector.stop();
  }
}

export interface Received {
  key: string | null;
  value: string;
  partition: number;
  headers: Record<string, string>;
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
