import { join } from 'node:path';
import { z } from 'zod';
import { baseEnvSchema, envInt, refuseDevelopmentEventKeys } from '@sleep/service-kit';
import { KAFKA_COMPRESSIONS } from '@sleep/messaging';
import { envApiKeys } from './auth/api-keys-env.schema';

const MIB = 1024 * 1024;

export const envSchema = baseEnvSchema(3001)
  .extend({
    /** `tenant:key` pairs, comma-separated: the Asleep API keys Asleep echoes in `x-api-key`. */
    WEBHOOK_API_KEYS: envApiKeys(),
    /**
     * A 24-hour night is about 20 KB, 60 KB pretty-printed. The cap keeps an envelope, and a
     * dead letter that escapes the body (up to twice its size), under Kafka's 1 MiB message limit.
     */
    WEBHOOK_BODY_LIMIT_BYTES: envInt(256 * 1024, 1024, 460_000),
    /** How long a webhook waits for Kafka's acknowledgement before it is spooled instead. */
    WEBHOOK_PRODUCE_TIMEOUT_MS: envInt(2_000, 50, 30_000),
    /** Defaults to `<STATE_DIR>/spool/webhook-ingest`; one per replica. */
    SPOOL_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
    SPOOL_MAX_BYTES: envInt(512 * MIB, 64 * 1024, Number.MAX_SAFE_INTEGER),
    /**
     * How webhooks travel to Kafka: `lz4` (a night's arrays shrink about ninefold, which the broker
     * stores and serves) or `none`, for a consumer outside this platform that cannot read LZ4.
     */
    WEBHOOK_COMPRESSION: z.enum(KAFKA_COMPRESSIONS).default('lz4'),
  })
  .superRefine(refuseDevelopmentEventKeys)
  .transform(({ SPOOL_DIR, ...env }) => ({
    ...env,
    SPOOL_DIR: SPOOL_DIR ?? join(env.STATE_DIR, 'spool', 'webhook-ingest'),
  }));

export type AppConfig = z.infer<typeof envSchema>;
