import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type KafkaSecurity,
  KafkaSecurityConfigError,
  kafkaSecurityFromEnv,
  SASL_MECHANISMS,
} from '@sleep/messaging';
import { ConfigError, envInt, envList, envOptionalUrl, envPort, envString } from './config';
import { envEventVerifyKeys } from './event-keys';

const optionalText = () => z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

const defaultStateDir = () =>
  join(process.env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state'), 'sleep-platform');

/** The variables every service reads. Each app extends it with its own. */
export function baseEnvSchema(defaultPort: number) {
  return z.object({
    PORT: envPort(defaultPort),
    HOST: envString('127.0.0.1'),
    LOG_LEVEL: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    KAFKA_BROKERS: envList('127.0.0.1:9092'),
    KAFKA_REPLICATION_FACTOR: envInt(1, 1, 5),
    /** False where an operator (e.g. Strimzi KafkaTopic resources) owns the topics. */
    KAFKA_CREATE_TOPICS: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.enum(['true', 'false']).default('true'),
    ),
    // TLS and SASL to the brokers; unset is a plain connection (the local development broker).
    KAFKA_TLS: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.enum(['true', 'false']).optional(),
    ),
    KAFKA_TLS_CA_FILE: optionalText(),
    KAFKA_TLS_CERT_FILE: optionalText(),
    KAFKA_TLS_KEY_FILE: optionalText(),
    KAFKA_SASL_MECHANISM: z.preprocess(
      (v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v),
      z.enum(SASL_MECHANISMS).optional(),
    ),
    KAFKA_SASL_USERNAME: optionalText(),
    KAFKA_SASL_PASSWORD: optionalText(),
    /** The gateway's event-signing public keys: tenant and user announcements are verified with them. */
    EVENT_VERIFY_KEYS: envEventVerifyKeys(),
    DATABASE_URL: envOptionalUrl(),
    STATE_DIR: envString(defaultStateDir()),
    SHUTDOWN_TIMEOUT_MS: envInt(8000, 100, 60_000),
    // How long a service waits for Postgres and Kafka (and its migrations) before it gives up.
    STARTUP_TIMEOUT_MS: envInt(120_000, 1_000, 3_600_000),
    // The standard OpenTelemetry variable: set, traces go there over OTLP/HTTP; unset, tracing is off.
    OTEL_EXPORTER_OTLP_ENDPOINT: envOptionalUrl(),
  });
}

export type BaseEnv = z.infer<ReturnType<typeof baseEnvSchema>>;

/** TLS and SASL from the validated variables; a file that cannot be read is a ConfigError. */
export function kafkaSecurityOf(config: BaseEnv): KafkaSecurity {
  try {
    return kafkaSecurityFromEnv(config);
  } catch (error) {
    if (error instanceof KafkaSecurityConfigError)
      throw new ConfigError(`Invalid configuration:\n  ${error.message}`);
    throw error;
  }
}
