import { Worker } from 'node:worker_threads';
import type { Span } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import { tracingEnabled } from '@sleep/observability';
import type { BatchingProducerOptions, Publisher } from './batching-producer';
import type { KafkaClientOptions } from './kafka-client';
import type { LoggerLike } from './kafka-logger';
import { endSpan, tracePublish } from './message-tracing';
import { producerMetrics, type ProducerMetrics } from './messaging.metrics';
import { isValidOutgoing, type OutgoingMessage } from './outgoing-message';
import { ProducerClosedError, PublishTimeoutError } from './publish-errors';
import type {
  FromProducerThread,
  PackedPublish,
  ProducerThreadData,
  PublishFailure,
  ToProducerThread,
} from './producer-thread.protocol';

/** How to start the thread: a JavaScript file, or TypeScript compiled on load (tests, dev). */
export interface ProducerThreadEntry {
  file: string;
  /** The tsconfig whose paths resolve the workspace's imports; set for a `.ts` file. */
  tsconfig?: string;
}

export interface ProducerThreadOptions {
  entry: ProducerThreadEntry;
  client: Omit<KafkaClientOptions, 'logger'>;
  producer?: Omit<BatchingProducerOptions, 'registry' | 'logger' | 'onBatch'>;
  registry?: Registry;
  logger?: LoggerLike;
  /** Pause before a thread that died is started again. */
  restartDelayMs?: number;
}

/** The thread died or was stopped with this publish unanswered: it may or may not be in Kafka. */
export class ProducerThreadError extends Error {
  override readonly name = 'ProducerThreadError';
}

interface Pending {
  topic: string;
  count: number;
  startedAt: number;
  span?: Span;
  backstop?: NodeJS.Timeout;
  resolve(): void;
  reject(error: Error): void;
}

/** Beyond the thread's own publish timeout: only a thread that stopped answering trips it. */
const BACKSTOP_MARGIN_MS = 1_000;
/** A thread still flushing after this long on shutdown is stopped; its publishes reject. */
const CLOSE_TIMEOUT_MS = 15_000;

/**
 * A Publisher whose Kafka producer (an idempotent BatchingProducer) runs on a worker thread of
 * its own, so encoding, checksums and socket writes leave the caller's event loop. Publishes of
 * one tick cross to the thread in one message with their values packed into one transferred
 * buffer (the callers' buffers stay theirs, e.g. to spool on failure); a publish resolves only
 * once the thread reports Kafka's acknowledgement. If the thread dies, every publish it held
 * rejects (none is ever reported written that was not) and a new thread takes the next ones.
 */
export class ProducerThread implements Publisher {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private outbox: PackedPublishWithValues[] = [];
  private flushScheduled = false;
  private closing = false;
  private connected?: Promise<void>;
  private closed?: Promise<void>;
  private readonly metrics?: ProducerMetrics;

  constructor(private readonly options: ProducerThreadOptions) {
    this.metrics = options.registry ? producerMetrics(options.registry) : undefined;
  }

  /** Starts the thread and connects its producer; rejects when Kafka cannot be reached. */
  connect(): Promise<void> {
    this.connected ??= new Promise<void>((resolve, reject) => {
      const worker = this.worker ?? this.start();
      const onMessage = (message: FromProducerThread) => {
        if (message.kind !== 'connected') return;
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        if (message.error === undefined) return resolve();
        this.connected = undefined;
        reject(new Error(`kafka producer thread could not connect: ${message.error}`));
      };
      const onExit = (code: number) => {
        worker.off('message', onMessage);
        this.connected = undefined;
        reject(new ProducerThreadError(`kafka producer thread exited (${code}) while connecting`));
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      this.send({ kind: 'connect' });
    });
    return this.connected;
  }

  publish(topic: string, messages: OutgoingMessage | OutgoingMessage[]): Promise<void> {
    const list = Array.isArray(messages) ? messages : [messages];
    if (this.closing) return Promise.reject(new ProducerClosedError());
    if (!list.every(isValidOutgoing))
      return Promise.reject(new TypeError('message key and value must be Buffer, string or null'));
    if (list.length === 0) return Promise.resolve();
    const traced = tracingEnabled()
      ? tracePublish(topic, list)
      : { messages: list, span: undefined };
    return new Promise<void>((resolve, reject) => {
      const id = this.nextId++;
      const entry: Pending = {
        topic,
        count: list.length,
        startedAt: performance.now(),
        span: traced.span,
        resolve,
        reject,
      };
      const timeoutMs = this.options.producer?.publishTimeoutMs;
      if (timeoutMs !== undefined)
        entry.backstop = setTimeout(
          () => this.settle(id, new PublishTimeoutError(topic, timeoutMs, true)),
          timeoutMs + BACKSTOP_MARGIN_MS,
        );
      this.pending.set(id, entry);
      this.outbox.push({ id, topic, messages: traced.messages });
      this.metrics?.queued.inc(list.length);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Sends what is queued, lets the thread finish what it holds, then stops it. */
  disconnect(): Promise<void> {
    this.closing = true;
    this.closed ??= this.stop();
    return this.closed;
  }

  private async stop(): Promise<void> {
    this.flush();
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const stuck = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
      worker.once('exit', () => {
        clearTimeout(stuck);
        resolve();
      });
      this.send({ kind: 'close' });
    });
    this.failAll('the kafka producer thread stopped');
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outbox.length === 0) return;
    const batch = this.outbox;
    this.outbox = [];
    const { bytes, entries } = pack(batch);
    this.metrics?.queued.dec(entries.reduce((sum, entry) => sum + entry.messages.length, 0));
    this.send({ kind: 'publish', bytes, entries }, [bytes]);
  }

  private send(message: ToProducerThread, transfer: ArrayBuffer[] = []): void {
    (this.worker ?? this.start()).postMessage(message, transfer);
  }

  private start(): Worker {
    const { entry } = this.options;
    const workerData: ProducerThreadData = {
      client: { ...this.options.client, log: this.options.logger !== undefined },
      producer: this.options.producer ?? {},
    };
    const resourceLimits = youngGeneration();
    const worker = entry.tsconfig
      ? new Worker(
          `require(${JSON.stringify(require.resolve('@swc-node/register'))}); require(${JSON.stringify(entry.file)});`,
          {
            eval: true,
            workerData,
            resourceLimits,
            env: { ...process.env, SWC_NODE_PROJECT: entry.tsconfig },
          },
        )
      : new Worker(entry.file, { workerData, resourceLimits });
    worker.on('message', (message: FromProducerThread) => this.receive(message));
    worker.on('error', (error) =>
      this.options.logger?.error({ err: error }, 'kafka producer thread failed'),
    );
    worker.once('exit', (code) => this.exited(worker, code));
    this.worker = worker;
    return worker;
  }

  private exited(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.closing) return;
    this.failAll(`the kafka producer thread exited (${code}) before Kafka answered`);
    this.options.logger?.error({ code }, 'kafka producer thread exited; starting a new one');
    this.connected = undefined;
    setTimeout(() => {
      if (!this.closing && !this.worker) void this.connect().catch(() => undefined);
    }, this.options.restartDelayMs ?? 500).unref();
  }

  private receive(message: FromProducerThread): void {
    switch (message.kind) {
      case 'settled':
        for (const id of message.acknowledged) this.settle(id);
        for (const failure of message.failed) this.settle(failure.id, errorOf(failure));
        if (message.batches.ok) this.metrics?.batches.inc({ outcome: 'ok' }, message.batches.ok);
        if (message.batches.error)
          this.metrics?.batches.inc({ outcome: 'error' }, message.batches.error);
        return;
      case 'log':
        this.options.logger?.[message.level](
          { ...message.fields, thread: 'kafka-producer' },
          message.message,
        );
        return;
      default:
        return;
    }
  }

  private settle(id: number, error?: Error): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.backstop);
    endSpan(entry.span, error);
    const seconds = (performance.now() - entry.startedAt) / 1000;
    this.metrics?.latency.observe({ topic: entry.topic, outcome: error ? 'error' : 'ok' }, seconds);
    if (error) {
      this.metrics?.errors.inc({ topic: entry.topic, error: error.name });
      entry.reject(error);
    } else {
      this.metrics?.messages.inc({ topic: entry.topic }, entry.count);
      entry.resolve();
    }
  }

  private failAll(reason: string): void {
    const unsent = new Set(this.outbox.map((entry) => entry.id));
    for (const id of [...this.pending.keys()])
      if (!unsent.has(id) || this.closing) this.settle(id, new ProducerThreadError(reason));
    if (this.closing) this.outbox = [];
  }
}

/**
 * A thread does not take the process's --max-semi-space-size: without it, each produce request's
 * buffers (hundreds of kB) outlive young collections and are promoted. Same young space as the
 * main thread's (three semi-spaces' worth), else V8's default.
 */
function youngGeneration(): { maxYoungGenerationSizeMb?: number } {
  const flags = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(' ')];
  const flag = flags.findLast((arg) => arg.startsWith('--max-semi-space-size='));
  const semiSpaceMb = Number(flag?.split('=')[1]);
  return Number.isFinite(semiSpaceMb) && semiSpaceMb > 0
    ? { maxYoungGenerationSizeMb: 3 * semiSpaceMb }
    : {};
}

interface PackedPublishWithValues {
  id: number;
  topic: string;
  messages: OutgoingMessage[];
}

/** One buffer for every byte value of the batch: one copy each, one transfer, no clones. */
function pack(batch: PackedPublishWithValues[]): { bytes: ArrayBuffer; entries: PackedPublish[] } {
  let size = 0;
  for (const entry of batch)
    for (const message of entry.messages)
      if (Buffer.isBuffer(message.value)) size += message.value.length;
  const bytes = new ArrayBuffer(size);
  const target = new Uint8Array(bytes);
  let offset = 0;
  const entries = batch.map(({ id, topic, messages }) => ({
    id,
    topic,
    messages: messages.map((message) => {
      const { value } = message;
      if (!Buffer.isBuffer(value)) return { ...message, value: value ?? null };
      target.set(value, offset);
      const packed = { ...message, value: { offset, length: value.length } };
      offset += value.length;
      return packed;
    }),
  }));
  return { bytes, entries };
}

function errorOf(failure: PublishFailure): Error {
  if (failure.name === 'PublishTimeoutError' && failure.timeoutMs !== undefined)
    return new PublishTimeoutError(failure.topic, failure.timeoutMs, !!failure.inFlight);
  const error = new Error(failure.message);
  error.name = failure.name;
  return error;
}
