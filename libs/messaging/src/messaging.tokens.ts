import type { TopicSpec } from '@sleep/contracts';
import type { Registry } from 'prom-client';
import type { BatchingProducerOptions } from './batching-producer';
import type { KafkaClientOptions } from './kafka-client';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
/** The kafkajs `Kafka` client: build consumers from it (`runConsumer({ kafka, ... })`). */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
/** A separate admin without retries, so a readiness probe fails fast instead of waiting out backoff. */
export const KAFKA_HEALTH_ADMIN = Symbol('KAFKA_HEALTH_ADMIN');

export interface MessagingModuleOptions extends KafkaClientOptions {
  /** From KAFKA_REPLICATION_FACTOR; 1 for a single local broker. */
  replicationFactor?: number;
  /** False: create no topics (an operator owns them); true by default. */
  createTopics?: boolean;
  /** Topics to create at startup; defaults to every topic of the contracts registry. */
  topics?: readonly TopicSpec[];
  producer?: Omit<BatchingProducerOptions, 'registry' | 'logger'>;
  registry?: Registry;
}
