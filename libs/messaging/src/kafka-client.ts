import { Kafka, type RetryOptions, type SASLOptions } from 'kafkajs';
import { applyKafkajsPatches } from '@sleep/kafkajs-patches';
import { registerLz4Codec } from './kafka-compression';
import {
  KAFKAJS_LEVELS,
  kafkajsLogCreator,
  type KafkaLogLevel,
  type LoggerLike,
} from './kafka-logger';
import { type KafkaSecurity, tlsOption } from './kafka-security';

export interface KafkaClientOptions {
  /** `host:port` list, or one comma-separated string as found in `KAFKA_BROKERS`. */
  brokers: string[] | string;
  clientId: string;
  logger?: LoggerLike;
  /** Level of kafkajs's own logs; defaults to 'info' with a logger, 'warn' without. */
  logLevel?: KafkaLogLevel;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retry?: RetryOptions;
  /** TLS and SASL (`kafkaSecurityFromEnv`); a plain connection without. */
  security?: KafkaSecurity;
}

/**
 * Retries span about 10 s (300 ms doubling, 5 tries): long enough to ride out a leader
 * election or a broker restart, short enough that callers hear about an outage.
 */
export const DEFAULT_RETRY: RetryOptions = {
  initialRetryTime: 300,
  maxRetryTime: 10_000,
  retries: 5,
};

export function parseBrokers(brokers: string[] | string): string[] {
  const list = (Array.isArray(brokers) ? brokers : brokers.split(','))
    .map((broker) => broker.trim())
    .filter(Boolean)
    // Node resolves localhost to ::1 first, but a loopback broker listens on 127.0.0.1 only.
    .map((broker) => broker.replace(/^localhost(?=:|$)/, '127.0.0.1'));
  if (list.length === 0) throw new Error('no Kafka brokers configured');
  return list;
}

export function createKafka(options: KafkaClientOptions): Kafka {
  applyKafkajsPatches();
  registerLz4Codec();
  const level = options.logLevel ?? (options.logger ? 'info' : 'warn');
  const security = options.security ?? {};
  return new Kafka({
    clientId: options.clientId,
    brokers: parseBrokers(options.brokers),
    logLevel: KAFKAJS_LEVELS[level],
    logCreator: options.logger ? kafkajsLogCreator(options.logger) : undefined,
    // The default 1 s is tight for a JVM broker sharing two cores with the services.
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: options.retry ?? DEFAULT_RETRY,
    ssl: tlsOption(security),
    // One object whose mechanism is a union: kafkajs types each mechanism separately.
    sasl: security.sasl as SASLOptions | undefined,
  });
}
