import {
  baseEnvSchema,
  envInt,
  envKek,
  envKekList,
  envString,
  envTrustedServiceKeys,
  kekOrDevelopment,
  refuseDevelopmentEventKeys,
  refuseDevelopmentKeks,
  refuseDevelopmentServiceKeys,
} from '@sleep/service-kit';
import { z } from 'zod';

const HOUR_MS = 3_600_000;

export const envSchema = baseEnvSchema(3002)
  .extend({
    /** Consumer groups are `<id>` (webhooks), `<id>.users` and `<id>.commands`. */
    SESSION_GROUP_ID: envString('session-service'),
    /** A consumer silent this long is presumed dead and its partitions move (6 s is the broker's minimum). */
    KAFKA_SESSION_TIMEOUT_MS: envInt(30_000, 6_000, 300_000),
    ASLEEP_BASE_URL: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.url({ protocol: /^https?$/ }).default('https://api.asleep.ai'),
    ),
    /**
     * Opens the tenants' Asleep keys the gateway seals on `platform.tenants.v1` (the gateway's
     * TENANT_KEK; the development key when unset, required in production), and earlier KEKs
     * during a rotation.
     */
    TENANT_KEK: envKek(),
    TENANT_KEK_PREVIOUS: envKekList(),
    /** An OPEN or CLOSED night that no webhook moved for this long is fetched from the API. */
    SESSION_RECOVERY_AFTER_MS: envInt(2 * HOUR_MS, 1_000),
    SESSION_RECOVERY_INTERVAL_MS: envInt(60_000, 100),
    /**
     * Connections kept for the RPC's reads, apart from DATABASE_POOL_SIZE's: a consumer's long
     * batches or the outbox relay can hold every connection of the main pool.
     */
    SESSION_READ_POOL_SIZE: envInt(4, 1, 50),
    /** The public keys of the services that may call its RPC (gateway, analytics-service). */
    SERVICE_TOKEN_TRUSTED_KEYS: envTrustedServiceKeys(['gateway', 'analytics-service']),
  })
  .superRefine((env, ctx) => {
    refuseDevelopmentServiceKeys(env, ctx);
    refuseDevelopmentEventKeys(env, ctx);
    refuseDevelopmentKeks(env, ctx);
  })
  .transform((env) => ({ ...env, TENANT_KEK: kekOrDevelopment(env.TENANT_KEK) }));
export type AppConfig = z.infer<typeof envSchema>;
