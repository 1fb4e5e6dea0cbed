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

/** The management port of the first service; the others take the next ones (9464 … 9467). */
const FIRST_MANAGEMENT_PORT = 9464;

/**
 * The variables every service reads. Each app extends it with its own. `defaultPort` is 3000 for
 * the gateway, up to 3003; each app's management port defaults to 9464 plus the same offset.
 */
export function baseEnvSchema(defaultPort: number) {
  return z.object({
    // Unset means development on a developer's machine; the production image sets `production`,
    // and production refuses every development secret and key by value.
    NODE_ENV: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.enum(['development', 'test', 'production']).default('development'),
    ),
    PORT: envPort(defaultPort),
    /** Probes (/health/*) and Prometheus (/metrics): never the public API's port. */
    MANAGEMENT_PORT: envPort(FIRST_MANAGEMENT_PORT + Math.max(0, defaultPort - 3000)),
    HOST: envString('127.0.0.1'),
    /**
     * Addresses or CIDRs of the load balancers in front of the service: from them alone, the
     * client address in X-Forwarded-For is believed (logs of refused requests, rate limits).
     */
    TRUSTED_PROXIES: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .default('')
        .transform((value) =>
          value
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean),
        )
        .pipe(
          z.array(
            z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
              error: 'expected IP addresses or CIDRs',
            }),
          ),
        ),
    ),
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
    /** Connections of the service's main database pool (writes, consumers, jobs). */
    DATABASE_POOL_SIZE: envInt(10, 1, 100),
    STATE_DIR: envString(defaultStateDir()),
    SHUTDOWN_TIMEOUT_MS: envInt(8000, 100, 60_000),
    /**
     * Set by launchers that own their services (`npm start`, test runs): the service shuts down
     * when the process that started it is gone, even one killed with SIGKILL.
     */
    STOP_WITH_PARENT: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.enum(['true', 'false']).default('false'),
    ),
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
