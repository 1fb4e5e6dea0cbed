import type { BatchingProducerOptions } from './batching-producer';
import type { KafkaClientOptions } from './kafka-client';
import type { OutgoingMessage } from './outgoing-message';

/** What the producer thread is started with: plain data, no functions. */
export interface ProducerThreadData {
  client: Omit<KafkaClientOptions, 'logger'> & { log: boolean };
  producer: Omit<BatchingProducerOptions, 'registry' | 'logger' | 'onBatch'>;
}

/** A message whose value, when bytes, travels as a slice of the publish message's `bytes`. */
export interface PackedMessage extends Omit<OutgoingMessage, 'value'> {
  value: string | null | { offset: number; length: number };
}

export interface PackedPublish {
  id: number;
  topic: string;
  messages: PackedMessage[];
}

export interface PublishFailure {
  id: number;
  topic: string;
  name: string;
  message: string;
  /** Set for a PublishTimeoutError. */
  timeoutMs?: number;
  inFlight?: boolean;
}

export type ToProducerThread =
  | { kind: 'connect' }
  | { kind: 'publish'; bytes: ArrayBuffer; entries: PackedPublish[] }
  | { kind: 'close' };

export type FromProducerThread =
  | { kind: 'connected'; error?: string }
  | {
      kind: 'settled';
      acknowledged: number[];
      failed: PublishFailure[];
      batches: { ok: number; error: number };
    }
  | { kind: 'log'; level: 'error' | 'warn' | 'info' | 'debug'; fields: object; message?: string }
  | { kind: 'closed' };
