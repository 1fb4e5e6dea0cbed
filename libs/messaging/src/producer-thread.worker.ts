import { parentPort, workerData } from 'node:worker_threads';
import { BatchingProducer } from './batching-producer';
import { createKafka } from './kafka-client';
import type { LoggerLike } from './kafka-logger';
import type { OutgoingMessage } from './outgoing-message';
import { PublishTimeoutError } from './publish-errors';
import type {
  FromProducerThread,
  PackedPublish,
  ProducerThreadData,
  PublishFailure,
  ToProducerThread,
} from './producer-thread.protocol';

/**
 * The thread side of ProducerThread: one BatchingProducer (kafkajs: encoding, CRC, sockets)
 * driven by publishes posted from the main thread, answering each with its outcome. Called by
 * the thread's entry file.
 */
export function serveProducerThread(): void {
  const port = parentPort;
  if (!port) throw new Error('serveProducerThread() runs inside a worker thread');
  const post = (message: FromProducerThread) => port.postMessage(message);
  const data = workerData as ProducerThreadData;
  const logger = data.client.log ? forwardingLogger(post) : undefined;
  const settled = { acknowledged: [] as number[], failed: [] as PublishFailure[] };
  const batches = { ok: 0, error: 0 };
  let answering = false;
  const answer = () => {
    answering = false;
    post({ kind: 'settled', ...settled, batches: { ...batches } });
    settled.acknowledged = [];
    settled.failed = [];
    batches.ok = 0;
    batches.error = 0;
  };
  const settle = () => {
    // Every publish of one batch settles in the same turn: they go back in one message.
    if (!answering) {
      answering = true;
      setImmediate(answer);
    }
  };
  const kafka = createKafka({ ...data.client, logger });
  const producer = new BatchingProducer(kafka, {
    ...data.producer,
    logger,
    onBatch: (outcome) => batches[outcome]++,
  });
  const publish = (bytes: ArrayBuffer, entry: PackedPublish) =>
    producer
      .publish(
        entry.topic,
        entry.messages.map((m) => unpack(bytes, m)),
      )
      .then(
        () => {
          settled.acknowledged.push(entry.id);
          settle();
        },
        (error: unknown) => {
          settled.failed.push(failureOf(entry, error));
          settle();
        },
      );

  port.on('message', (message: ToProducerThread) => {
    switch (message.kind) {
      case 'connect':
        producer.connect().then(
          () => post({ kind: 'connected' }),
          (error: unknown) => post({ kind: 'connected', error: String(error) }),
        );
        return;
      case 'publish':
        for (const entry of message.entries) void publish(message.bytes, entry);
        return;
      case 'close':
        void producer
          .disconnect()
          .catch((error: unknown) => logger?.warn({ err: error }, 'kafka producer disconnect'))
          .then(() => {
            if (answering) answer();
            post({ kind: 'closed' });
            port.close();
          });
        return;
    }
  });
}

function unpack(bytes: ArrayBuffer, message: PackedMessage): OutgoingMessage {
  const { value, key, headers } = message;
  return {
    ...message,
    key: asBuffer(key),
    value:
      value === null || typeof value === 'string'
        ? value
        : Buffer.from(bytes, value.offset, value.length),
    headers: headers && unpackHeaders(headers),
  };
}

/** Buffers arrive as plain Uint8Arrays, which kafkajs does not take. */
function asBuffer<T>(value: T): T | Buffer {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;
}

function unpackHeaders(headers: NonNullable<OutgoingMessage['headers']>) {
  const result: NonNullable<OutgoingMessage['headers']> = {};
  for (const [name, value] of Object.entries(headers))
    result[name] = Array.isArray(value) ? value.map(asBuffer) : asBuffer(value);
  return result;
}

type PackedMessage = PackedPublish['messages'][number];

function failureOf({ id, topic }: PackedPublish, error: unknown): PublishFailure {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  if (error instanceof PublishTimeoutError)
    return { id, topic, name, message, timeoutMs: error.timeoutMs, inFlight: error.inFlight };
  return { id, topic, name, message };
}

/** Log lines go to the main thread's logger, which owns the output. */
function forwardingLogger(post: (message: FromProducerThread) => void): LoggerLike {
  const line = (level: 'error' | 'warn' | 'info' | 'debug') => (fields: object, message?: string) =>
    post({ kind: 'log', level, fields: cloneable(fields), message });
  return { error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug') };
}

/** Errors keep name, message and stack; anything that cannot cross threads becomes text. */
function cloneable(fields: object): object {
  return JSON.parse(
    JSON.stringify(fields, (_key, value: unknown) =>
      value instanceof Error
        ? { type: value.name, message: value.message, stack: value.stack }
        : typeof value === 'bigint'
          ? String(value)
          : value,
    ),
  ) as object;
}
